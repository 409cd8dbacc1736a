import { readdirSync, readFileSync } from "node:fs";
import { expect, test } from "vitest";

// core's built files must load in runtimes without Node builtins (Workers, Vercel Edge, browsers).
const dist = new URL("../dist/", import.meta.url);
const files = readdirSync(dist, { recursive: true, encoding: "utf8" }).filter((file) => /\.c?js$/.test(file));

test("the build has the ESM modules and the CJS file the package exports", () => {
  expect(files).toEqual(expect.arrayContaining(["index.js", "index.cjs", "client/workflows.js"]));
});

test("no built file imports a node: module or touches a bare process or Buffer", () => {
  const offenders = files.filter((file) => {
    const code = readFileSync(new URL(file, dist), "utf8");
    return (
      /(from\s*|require\(\s*|import\(\s*)["']node:/.test(code) ||
      /(^|[^.\w])(process|Buffer)\s*\./m.test(code)
    );
  });
  expect(offenders).toEqual([]);
});
