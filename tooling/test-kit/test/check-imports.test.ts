import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, expect, test } from "vitest";

const script = fileURLToPath(new URL("../scripts/check-imports.mjs", import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A throwaway workspace with the given files; runs the checker over it. `UP2/` and `UP3/` stand for two and three
 * `../` in the files, so that this file's own text is no offence to the checker.
 */
async function check(files: Record<string, string>): Promise<{ code: number; output: string }> {
  const root = mkdtempSync(join(tmpdir(), "check-imports-"));
  dirs.push(root);
  const all = {
    "pnpm-workspace.yaml": "packages:\n  - packages/*\n  - tooling\n",
    "packages/a/package.json": "{}",
    "packages/b/package.json": "{}",
    "tooling/package.json": "{}",
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text.replaceAll("UP2/", "../../").replaceAll("UP3/", "../../../"));
  }
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [script, root]);
    return { code: 0, output: stdout };
  } catch (error) {
    const failure = error as { code: number; stderr: string };
    return { code: failure.code, output: failure.stderr };
  }
}

test("relative imports inside a package pass", async () => {
  const result = await check({
    "packages/a/test/x.test.ts": 'import { y } from "../src/y";\nimport "./setup";\n',
    "tooling/scripts/z.mjs": 'import { w } from "../w.mjs";\n',
  });
  expect(result).toEqual({ code: 0, output: expect.stringContaining("no import leaves") });
});

test("every form of import that leaves its package fails, named by file and line", async () => {
  const result = await check({
    "packages/a/test/x.test.ts": [
      'import { y } from "UP2/b/test/helper";',
      'import type { Z } from "UP2/b/src/index";',
      'export { w } from "UP3/tooling/w";',
      'const lazy = await import("UP2/b/src/lazy");',
      'const old = require("UP2/b/src/old");',
      'import "UP2/b/setup";',
    ].join("\n"),
    "packages/a/node_modules/dep/index.js": 'import "UP3/b/src/index";',
    "packages/a/dist/index.js": 'import "UP2/b/src/index";',
  });
  expect(result.code).toBe(1);
  expect(result.output).toContain("6 import(s) leave their package");
  for (let line = 1; line <= 6; line++) expect(result.output).toContain(`packages/a/test/x.test.ts:${line} `);
  expect(result.output).not.toContain("node_modules");
  expect(result.output).not.toContain("dist");
});
