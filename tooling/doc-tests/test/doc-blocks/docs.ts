import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type CodeBlock, codeBlocks } from "@leap-workflows/test-kit/markdown-blocks";

const root = join(import.meta.dirname, "../../../..");

/** A code block and the file it is in (relative to the repository root). */
export interface DocBlock extends CodeBlock {
  file: string;
}

const inside = (folder: string, pick: (name: string) => string | undefined) =>
  readdirSync(join(root, folder), { withFileTypes: true })
    .map((entry) => pick(entry.name) && join(folder, pick(entry.name) as string))
    .filter((path): path is string => typeof path === "string" && existsSync(join(root, path)))
    .sort();

/** Every README and guide a reader meets: the root's, each package's, app's and tool's, and the guides. */
export function docFiles(): string[] {
  return [
    "README.md",
    "CONTRIBUTING.md",
    ...inside("guides", (name) => (name.endsWith(".md") ? name : undefined)),
    ...["packages", "apps", "tooling"].flatMap((folder) => inside(folder, (name) => `${name}/README.md`)),
  ];
}

export const read = (file: string) => readFileSync(join(root, file), "utf8");

export const docBlocks = (): DocBlock[] =>
  docFiles().flatMap((file) => codeBlocks(read(file)).map((block) => ({ ...block, file })));

/**
 * The example files other tests run (CONTRIBUTING's "Docs": every file under `packages/*\/examples/` is run by
 * its package's tests; the playground's fixtures by its scenario test), by their trimmed text.
 */
export function exampleFiles(): Map<string, string> {
  const folders = [...inside("packages", (name) => `${name}/examples`), "apps/playground/test/fixtures"];
  const examples = new Map<string, string>();
  for (const folder of folders) {
    for (const name of readdirSync(join(root, folder))) {
      if (/\.(?:mjs|js|ts)$/.test(name)) examples.set(read(join(folder, name)).trim(), join(folder, name));
    }
  }
  return examples;
}
