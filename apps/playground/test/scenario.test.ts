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
  expect(stdout).toMatch(/refused {5}\{ name: 42 \} before sending: .*inputs\.name: .*expected string/);
  expect(stdout).toMatch(/run {9}rnp_\w+ completed: Hello, Ada!/);
  expect(stdout).toMatch(/webhook {5}node receiver verified msg_\w+: Hello, Ada!/);
  expect(stdout).toMatch(/webhook {5}edge receiver verified msg_\w+: Hello, Ada!/);
  expect(stdout).toMatch(/run {9}rnp_\w+ completed: 5 words, the longest "schema"/);
  expect(stdout.match(/rejected by node and edge/g)).toHaveLength(3);
  expect(stdout).toMatch(/a replay\): rejected by node and edge \(timestamp_too_old\)/);
  expect(stdout).toMatch(/bulk run {4}bkr_\w+ completed: 3 rows, all completed/);
  expect(stdout).toMatch(
    /bulk run {4}bkr_\w+ completed: 2 rows, 1 completed, 1 failed \(row 2: .*expected a non-empty name\)/,
  );
  expect(stdout).toMatch(/bulk run {4}bkr_\w+ failed: could not read input_csv_url: .*no header row/);
  expect(stdout).toMatch(
    /webhook {5}rnp_\w+ attempt 1 answered 503 \(receivers down\), attempt 2 answered 200/,
  );
  expect(stdout).toMatch(/webhook {5}node receiver verified the bulk run's webhook msg_/);
  expect(stdout).toMatch(/webhook {5}edge receiver verified the bulk run's webhook msg_/);
  expect(stdout.trim().split("\n").at(-1)).toBe("scenario    passed");
});

const failureWith = (fixture: string) =>
  run("--scenario", "--workflows", fileURLToPath(new URL(`fixtures/${fixture}`, import.meta.url))).then(
    () => null,
    (error: { code: number; stderr: string }) => error,
  );

test("the scenario exits non-zero and says why when the story deviates", async () => {
  const failure = await failureWith("broken-workflows.mjs");
  expect(failure?.code).toBe(1);
  expect(failure?.stderr).toMatch(/scenario {4}FAILED: .* failed: greeting is broken on purpose/);
});

test("an implementation that breaks its workflow's output schema is caught by the typed wait", async () => {
  const failure = await failureWith("off-contract-workflows.mjs");
  expect(failure?.code).toBe(1);
  expect(failure?.stderr).toMatch(/scenario {4}FAILED: .*output\.greeting: .*expected string/);
});

test("a workflows file naming a workflow with no definition stops the start in one line", async () => {
  const failure = await failureWith("undefined-workflow.mjs");
  expect(failure?.code).toBe(1);
  expect(failure?.stderr.trim()).toMatch(
    /^playground: .*undefined-workflow\.mjs: wkf_mystery has no definition; add it to .*definitions\.ts$/,
  );
});
