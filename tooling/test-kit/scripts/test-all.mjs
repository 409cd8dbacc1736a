#!/usr/bin/env node
// The README's test command (`pnpm test`): lint, type checks and every package's tests through Turbo, carrying on
// past a failure so that one red suite hides nothing, then ONE summary (per package, then a final
// "N passed, N failed, N skipped" line that CI reads) and a non-zero exit on any failure.
// Arguments go to `turbo run`, e.g. `node tooling/test-kit/scripts/test-all.mjs --filter=@leap-workflows/core`.
import { runSuites } from "./run-suites.mjs";
import { formatSummary } from "./summary.mjs";

const started = Date.now();
const { exitCode, rows, failures } = await runSuites({
  tasks: ["lint", "typecheck", "test"],
  turboArgs: process.argv.slice(2),
});
const { text, failed } = formatSummary(rows, {
  seconds: (Date.now() - started) / 1000,
  turboExitCode: exitCode,
  failures,
});
console.log(text);
process.exit(exitCode !== 0 || failed > 0 ? 1 : 0);
