import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, test } from "vitest";

// The same command as `pnpm playground --scenario`, on the built playground (turbo builds it before `test`).
const main = fileURLToPath(new URL("../dist/main.js", import.meta.url));
const run = (...args: string[]) =>
  promisify(execFile)(process.execPath, [main, ...args], { timeout: 60_000 });

test("the scripted scenario passes and prints its transcript", async () => {
  const { stdout } = await run("--scenario");
  expect(stdout).toMatch(/webhook {5}node receiver verified msg_/);
  expect(stdout).toMatch(/webhook {5}edge receiver verified msg_/);
  expect(stdout.match(/rejected by node and edge/g)).toHaveLength(3);
  expect(stdout).toMatch(/a replay\): rejected by node and edge \(timestamp_too_old\)/);
  expect(stdout).toMatch(/bulk run {4}bkr_\w+ completed: 3 rows/);
  expect(stdout).toMatch(/webhook {5}node receiver verified the bulk run's webhook msg_/);
  expect(stdout).toMatch(/webhook {5}edge receiver verified the bulk run's webhook msg_/);
  expect(stdout.trim().split("\n").at(-1)).toBe("scenario    passed");
});

test("the scenario exits non-zero and says why when the story deviates", async () => {
  const broken = fileURLToPath(new URL("fixtures/broken-workflows.mjs", import.meta.url));
  const failure = await run("--scenario", "--workflows", broken).then(
    () => null,
    (error: { code: number; stderr: string }) => error,
  );
  expect(failure?.code).toBe(1);
  expect(failure?.stderr).toMatch(/scenario {4}FAILED: .* failed: greeting is broken on purpose/);
});
