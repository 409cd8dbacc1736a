import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, expect, test } from "vitest";

const script = fileURLToPath(new URL("../scripts/check-type-tests.mjs", import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function check(files: Record<string, string>): Promise<{ code: number; output: string }> {
  const root = mkdtempSync(join(tmpdir(), "check-type-tests-"));
  dirs.push(root);
  for (const [path, text] of Object.entries({
    "package.json": "{}",
    "packages/a/package.json": "{}",
    ...files,
  })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [script, root]);
    return { code: 0, output: stdout };
  } catch (error) {
    const failure = error as { code: number; stderr: string };
    return { code: failure.code, output: failure.stderr };
  }
}

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
