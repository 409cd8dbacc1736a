/** A fenced code block of a markdown file. */
export interface CodeBlock {
  /** 1-based line of the opening fence. */
  line: number;
  /** The info string's first word (`ts`, `sh`…), `""` when there is none. */
  lang: string;
  /** The lines between the fences, each ending with `\n`. */
  code: string;
  /** The nearest heading above the block (`## Quick start`), `""` before any. */
  heading: string;
}

/** Every fenced (``` or ~~~) code block of `markdown`, in order. An unclosed fence runs to the end, as in CommonMark. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split("\n");
  let heading = "";
  let open: { fence: string; line: number; lang: string; body: string[] } | undefined;
  for (const [index, text] of lines.entries()) {
    const fence = /^ {0,3}(`{3,}|~{3,})\s*(.*)$/.exec(text);
    if (open) {
      // A closing fence: the same character, at least as long, no info string.
      const closes = fence?.[1]?.startsWith(open.fence) && fence[2] === "";
      if (closes) {
        blocks.push({ line: open.line, lang: open.lang, code: open.body.join(""), heading });
        open = undefined;
      } else {
        open.body.push(`${text}\n`);
      }
    } else if (fence) {
      open = { fence: fence[1] ?? "```", line: index + 1, lang: fence[2]?.split(/\s/)[0] ?? "", body: [] };
    } else if (/^#{1,6} /.test(text)) {
      heading = text.trim();
    }
  }
  if (open) blocks.push({ line: open.line, lang: open.lang, code: open.body.join(""), heading });
  return blocks;
}

/**
 * Why a block is a fragment, or `undefined` when it does not say it is one. The convention: its first line is a
 * comment (`//`, `#` or `--`) starting "A fragment" and saying after a colon where its missing names come from,
 * e.g. `// A fragment: \`app\` and \`onRun\` as in the Express example above.`
 */
export function fragmentReason(block: Pick<CodeBlock, "code">): string | undefined {
  const first = block.code.split("\n", 1)[0] ?? "";
  return /^\s*(?:\/\/|#|--)\s*A fragment\b[^:]*:\s*(\S.*)$/i.exec(first)?.[1];
}
