#!/usr/bin/env node
// `pnpm test:stress`: the test suites N times in a row (STRESS_RUNS, default 5), each run for real (a fresh
// LEAP_STRESS_RUN, which the test task hashes, keeps Turbo from replaying results; builds stay cached), while two
// CPU-bound busy loops load the machine, the way a busy CI runner or a laptop building something else does. A flaky
// test shows up here as a failure in some runs and not others. LEAP_FULL_PROOFS gives the proofs `pnpm test` runs at
// a lighter size their full one (the soak's 2,000 calls per client, 2,000 runs to the shared receivers, ...).
//   pnpm test:stress            every package's tests (about N x the full suite's time, more under the load)
//   pnpm test:stress --fast     the `pnpm test:fast` set
// Other arguments go to `turbo run`, e.g. `node tooling/test-kit/scripts/stress.mjs --filter=@leap-workflows/core`.
import { spawn } from "node:child_process";
import { fastTurboArgs } from "./fast-suites.mjs";
import { runSuites } from "./run-suites.mjs";
import { formatSummary } from "./summary.mjs";

const runs = Number(process.env.STRESS_RUNS ?? 5);
const fast = process.argv.includes("--fast");
const extra = process.argv.slice(2).filter((arg) => arg !== "--fast");
const turboArgs = [...extra, ...(fast ? fastTurboArgs() : [])];

// Two busy loops, each pinning a core, for as long as the runs last.
// Each checks now and then that this script is still its parent, so that none outlives a killed run.
const busyLoop = `for (;;) { for (let i = 0; i < 1e8; i++); if (process.ppid !== ${process.pid}) process.exit(); }`;
const loaders = [0, 1].map(() => spawn(process.execPath, ["-e", busyLoop], { stdio: "ignore" }));
const stopLoaders = () => {
  for (const loader of loaders) loader.kill("SIGKILL");
};
process.on("exit", stopLoaders);
process.on("SIGINT", () => process.exit(130));

const results = [];
for (let run = 1; run <= runs; run++) {
  console.log(`\n=== stress run ${run} of ${runs} (2 busy loops running) ===\n`);
  const started = Date.now();
  const { exitCode, rows, failures } = await runSuites({
    tasks: ["test"],
    turboArgs,
    env: { LEAP_FULL_PROOFS: "1", LEAP_STRESS_RUN: `${process.pid}-${run}` },
  });
  const seconds = (Date.now() - started) / 1000;
  const { text, passed, failed, skipped } = formatSummary(rows, { seconds, turboExitCode: exitCode });
  console.log(text);
  results.push({ run, seconds, passed, failed, skipped, failures });
}
stopLoaders();

console.log("\nStress summary");
for (const result of results) {
  console.log(
    `run ${result.run}: ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped in ${result.seconds.toFixed(0)} s`,
  );
  for (const failure of result.failures) console.log(`  failed: ${failure.name}`);
}
const red = results.filter((result) => result.failed > 0).length;
console.log(red === 0 ? `${runs} runs in a row passed` : `${red} of ${runs} runs failed`);
process.exit(red === 0 ? 0 : 1);
