import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type CodeBlock, codeBlocks } from "@leap-workflows/test-kit/markdown-blocks";

const root = join(import.meta.dirname, "../../../..");

/** A code block and the file it is in (relative to the repository root). */
export interface DocBlock extends CodeBlock {
  file: string;
}

const exists = (path: string) => existsSync(join(root, path));

/** `<folder>/<entry>/<name>` for each entry of `folder` where that exists, sorted. */
export const inEach = (folder: string, name: string) =>
  readdirSync(join(root, folder))
    .sort()
    .map((entry) => join(folder, entry, name))
    .filter(exists);

/** Every README and guide a reader meets: the root's, each package's, app's and tool's, and the guides. */
function docFiles(): string[] {
  const guides = readdirSync(join(root, "guides")).filter((name) => name.endsWith(".md"));
  return [
    "README.md",
    "CONTRIBUTING.md",
    ...guides.sort().map((name) => `guides/${name}`),
    ...["packages", "apps", "tooling"].flatMap((folder) => inEach(folder, "README.md")),
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
  const folders = [...inEach("packages", "examples"), "apps/playground/test/fixtures"];
  const examples = new Map<string, string>();
  for (const folder of folders) {
    for (const name of readdirSync(join(root, folder))) {
      if (/\.(?:mjs|js|ts)$/.test(name)) examples.set(read(join(folder, name)).trim(), join(folder, name));
    }
  }
  return examples;
}
