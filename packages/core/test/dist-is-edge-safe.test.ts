import { readFileSync } from "node:fs";
import { expect, test } from "vitest";

// core's built files must load in runtimes without Node builtins (Workers, Vercel Edge, browsers).
test.each(["index.js", "index.cjs"])(
  "dist/%s imports no node: module and touches no bare process or Buffer",
  (file) => {
    const code = readFileSync(new URL(`../dist/${file}`, import.meta.url), "utf8");
    expect(code).not.toMatch(/(from\s*|require\(\s*|import\(\s*)["']node:/);
    expect(code).not.toMatch(/(^|[^.\w])(process|Buffer)\s*\./m);
  },
);
