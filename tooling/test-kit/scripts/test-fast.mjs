#!/usr/bin/env node
// `pnpm test:fast`: the inner loop. Unit and in-process integration tests of every package (fast-suites.mjs says
// what is left out), through Turbo so builds are reused, with the same summary as `pnpm test`.
import { fastTurboArgs } from "./fast-suites.mjs";
import { runSuites } from "./run-suites.mjs";
import { formatSummary } from "./summary.mjs";

const started = Date.now();
const { exitCode, rows } = await runSuites({
  tasks: ["test"],
  turboArgs: [...process.argv.slice(2), ...fastTurboArgs()],
});
const { text, failed } = formatSummary(rows, {
  seconds: (Date.now() - started) / 1000,
  turboExitCode: exitCode,
});
console.log(text);
process.exit(exitCode !== 0 || failed > 0 ? 1 : 0);
