import { expect, test } from "vitest";
import { runChecker } from "./run-checker";

/**
 * A throwaway workspace with the given files; runs the checker over it. `UP2/` and `UP3/` stand for two and three
 * `../` in the files, so that this file's own text is no offence to the checker.
 */
function check(files: Record<string, string>): Promise<{ code: number; output: string }> {
  const all: Record<string, string> = {
    "pnpm-workspace.yaml": "packages:\n  - packages/*\n  - tooling\n",
    "packages/a/package.json": "{}",
    "packages/b/package.json": "{}",
    "tooling/package.json": "{}",
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    all[path] = text.replaceAll("UP2/", "../../").replaceAll("UP3/", "../../../");
  }
  return runChecker("check-imports.mjs", all);
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
