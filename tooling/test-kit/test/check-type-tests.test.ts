import { expect, test } from "vitest";
import { runChecker } from "./run-checker";

const check = (files: Record<string, string>) =>
  runChecker("check-type-tests.mjs", { "package.json": "{}", "packages/a/package.json": "{}", ...files });

const typeOnly =
  'import { expectTypeOf, test } from "vitest";\ntest("t", () => expectTypeOf(1).toBeNumber());\n';
const packageJson = JSON.stringify({ scripts: { typecheck: "tsc -p tsconfig.json" } });
const tsconfig = JSON.stringify({ include: ["test"] });

test("type tests in .test-d.ts files the package's tsc includes pass, and mixed tests are fine", async () => {
  const result = await check({
    "packages/a/test/types.test-d.ts": typeOnly,
    "packages/a/test/mixed.test.ts": `${typeOnly}test("u", () => expect(1).toBe(1));\n`,
    "packages/a/package.json": packageJson,
    "packages/a/tsconfig.json": tsconfig,
  });
  expect(result.code).toBe(0);
});

test("a .test.ts of type assertions only, and .test-d.ts files tsc does not include, fail", async () => {
  const result = await check({
    "packages/a/test/types.test.ts": typeOnly,
    "packages/a/test/types.test-d.ts": typeOnly,
    "packages/a/src/types.test-d.ts": typeOnly,
    "packages/a/package.json": packageJson,
    "packages/a/tsconfig.json": tsconfig,
  });
  expect(result.code).toBe(1);
  expect(result.output).toContain("packages/a/test/types.test.ts: only type assertions");
  expect(result.output).toContain(
    'packages/a/tsconfig.json: src/**/*.test-d.ts exist but "include" does not name src',
  );
  expect(result.output).not.toContain("test/**/*.test-d.ts exist");
});

test("a package with .test-d.ts files and no tsc typecheck script fails", async () => {
  const result = await check({
    "packages/a/test/types.test-d.ts": typeOnly,
    "packages/a/tsconfig.json": tsconfig,
  });
  expect(result.code).toBe(1);
  expect(result.output).toContain('packages/a/package.json: has .test-d.ts files but no "typecheck" script');
});
