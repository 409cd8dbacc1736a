// Turns Turbo's per-task results and vitest's JSON reports into the one summary `pnpm test` prints.

/** Counts of one vitest JSON report; a file that failed outside any test (an import error) is one failure. */
export function countReport(report) {
  const brokenFiles = (report.testResults ?? []).filter(
    (file) => file.status === "failed" && !(file.assertionResults ?? []).some((t) => t.status === "failed"),
  ).length;
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + brokenFiles,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

// ESC [ … m: the colours vitest prints; built from a string because Biome rejects control characters in a literal.
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

/**
 * Counts from vitest's closing "Tests  1 failed | 41 passed | 2 skipped (44)" line in a task's log, for a package
 * whose vitest config writes no JSON report; null when there is no such line.
 */
export function countLog(log) {
  const line = log
    .replaceAll(ANSI_COLOUR, "")
    .split("\n")
    .findLast((text) => /(?:^|\s)Tests\s+\d+ (?:passed|failed|skipped|todo)\b/.test(text));
  if (!line) return null;
  const count = (word) => Number(new RegExp(`(\\d+) ${word}`).exec(line)?.[1] ?? 0);
  return { passed: count("passed"), failed: count("failed"), skipped: count("skipped") + count("todo") };
}

// Enough of a failure message to say what broke (the assertion and where), short enough for a log's tail.
const MESSAGE_LINES = 8;

const pad = (value, width, right = false) =>
  right ? String(value).padStart(width) : String(value).padEnd(width);

/**
 * One row per task (package, task, exit code, cache hit, seconds, test counts or null), a table, and the closing
 * "N passed, N failed, N skipped" line. A task that failed, or never ran, without a failing test to show for it
 * (lint, typecheck, a crashed vitest, a broken build) counts as one failure, so the last line never reads
 * "0 failed" for a red run. Failed tests are named under the table with the head of their message, so that a log
 * cut to its last lines still says what went red.
 * @param {any[]} rows
 * @param {{ seconds: number, turboExitCode: number, failures?: { name: string, message: string }[] }} options
 */
export function formatSummary(rows, { seconds, turboExitCode, failures = [] }) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const lines = [
    "",
    "Summary",
    [
      pad("package", 20),
      pad("task", 10),
      pad("result", 8),
      pad("passed", 7, true),
      pad("failed", 7, true),
      pad("skipped", 8, true),
      pad("time", 9, true),
    ].join(" "),
  ];
  const sorted = [...rows].sort((a, b) => a.package.localeCompare(b.package) || a.task.localeCompare(b.task));
  for (const row of sorted) {
    const counts = row.counts ?? { passed: 0, failed: 0, skipped: 0 };
    const result = row.exitCode === null ? "not run" : row.exitCode === 0 ? "ok" : "FAILED";
    const taskFailures = result !== "ok" && counts.failed === 0 ? 1 : 0;
    passed += counts.passed;
    failed += counts.failed + taskFailures;
    skipped += counts.skipped;
    const time = row.seconds === null ? "" : `${row.seconds.toFixed(1)}s${row.cached ? "*" : ""}`;
    const cells =
      row.counts || taskFailures
        ? [counts.passed, counts.failed + taskFailures, counts.skipped]
        : ["", "", ""];
    lines.push(
      [
        pad(row.package, 20),
        pad(row.task, 10),
        pad(result, 8),
        pad(cells[0], 7, true),
        pad(cells[1], 7, true),
        pad(cells[2], 8, true),
        pad(time, 9, true),
      ].join(" "),
    );
  }
  if (failures.length > 0) lines.push("", "Failed tests");
  for (const failure of failures) {
    lines.push(`- ${failure.name}`);
    const head = failure.message
      .replaceAll(ANSI_COLOUR, "")
      .split("\n")
      .filter(Boolean)
      .slice(0, MESSAGE_LINES);
    for (const line of head) lines.push(`    ${line.length > 300 ? `${line.slice(0, 300)}…` : line}`);
  }
  if (turboExitCode !== 0 && failed === 0) {
    lines.push(`turbo exited with code ${turboExitCode} before any task failed`);
    failed = 1;
  }
  lines.push(`(* replayed from Turbo's cache; wall time ${seconds.toFixed(0)} s)`);
  lines.push(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  return { text: lines.join("\n"), passed, failed, skipped };
}
