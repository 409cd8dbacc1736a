import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { format } from "node:util";
import { vi } from "vitest";
import type { DocBlock } from "./docs";

// Blocks are imported into this process (no process per block): each is written to a temp folder whose
// node_modules is this package's, so its bare imports resolve to the built packages and the libraries a reader
// installs beside them (zod, undici), and vitest compiles the TypeScript ones.
const folder = mkdtempSync(join(tmpdir(), "leap-doc-blocks-"));
symlinkSync(join(import.meta.dirname, "../../node_modules"), join(folder, "node_modules"), "dir");

/** Removes the temp folder the blocks were written to. */
export const removeBlockFolder = () => rmSync(folder, { recursive: true, force: true });

/** Where the block's text is changed before it runs, and the environment it runs in. */
export interface RunOptions {
  env?: Record<string, string>;
  replace?: [string, string];
}

/** Runs a block as a module (top-level await included); resolves with the lines it logged and its exports. */
export async function runBlock(
  block: DocBlock,
  options: RunOptions = {},
): Promise<{ logs: string[]; exports: Record<string, unknown> }> {
  const code = options.replace ? block.code.replaceAll(...options.replace) : block.code;
  const extension = block.lang === "ts" ? "ts" : "mjs";
  const file = join(folder, `${block.file.replace(/[^\w]+/g, "-")}-${block.line}.${extension}`);
  writeFileSync(file, code);
  const saved = Object.fromEntries(Object.keys(options.env ?? {}).map((name) => [name, process.env[name]]));
  Object.assign(process.env, options.env);
  const logs: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...args) => void logs.push(format(...args)));
  try {
    const exports = await import(/* @vite-ignore */ file);
    return { logs, exports };
  } finally {
    log.mockRestore();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
