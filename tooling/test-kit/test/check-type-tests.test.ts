import { expect, test } from "vitest";
import { runChecker } from "./run-checker";

const check = (files: Record<string, string>) =>
  runChecker("check-type-tests.mjs", { "package.json": "{}", "packages/a/package.json": "{}", ...files });

const typeOnly =
  'import { expectTypeOf, test } from "vitest";\ntest("t", () => expectTypeOf(1).toBeNumber());\n';
const typecheckOn =
  'export default { test: { typecheck: { enabled: true, include: ["test/**/*.test-d.ts"] } } };\n';

test("type tests in .test-d.ts files under a typecheck include pass, and mixed tests are fine", async () => {
  const result = await check({
    "packages/a/test/types.test-d.ts": typeOnly,
    "packages/a/test/mixed.test.ts": `${typeOnly}test("u", () => expect(1).toBe(1));\n`,
    "packages/a/vitest.config.ts": typecheckOn,
  });
  expect(result.code).toBe(0);
});

test("a .test.ts of type assertions only, and .test-d.ts files typecheck does not include, fail", async () => {
  const result = await check({
    "packages/a/test/types.test.ts": typeOnly,
    "packages/a/src/types.test-d.ts": typeOnly,
    "packages/a/vitest.config.ts": typecheckOn,
  });
  expect(result.code).toBe(1);
  expect(result.output).toContain("packages/a/test/types.test.ts: only type assertions");
  expect(result.output).toContain("packages/a/vitest.config.ts: src/**/*.test-d.ts exist but typecheck");
  expect(result.output).not.toContain("test/**/*.test-d.ts exist");
});
