import { describe, expect, test } from "vitest";
import { countLog, countReport, formatSummary } from "../scripts/summary.mjs";

const report = (over: Record<string, unknown> = {}) => ({
  numPassedTests: 5,
  numFailedTests: 0,
  numPendingTests: 1,
  numTodoTests: 1,
  testResults: [],
  ...over,
});

describe("countReport", () => {
  test("counts passed, failed and skipped (pending and todo) tests", () => {
    expect(countReport(report({ numFailedTests: 2 }))).toEqual({ passed: 5, failed: 2, skipped: 2 });
  });

  test("a file that failed outside any test (an import error) is one failure", () => {
    const broken = { status: "failed", assertionResults: [] };
    const failing = { status: "failed", assertionResults: [{ status: "failed" }] };
    expect(countReport(report({ numFailedTests: 1, testResults: [broken, failing] })).failed).toBe(2);
  });
});

describe("formatSummary", () => {
  const row = (over: Record<string, unknown>) => ({
    package: "core",
    task: "test",
    exitCode: 0,
    cached: false,
    seconds: 1.5,
    counts: { passed: 3, failed: 0, skipped: 1 },
    ...over,
  });

  test("sums every package and ends with the plain line CI reads", () => {
    const { text, failed } = formatSummary(
      [row({}), row({ package: "node", counts: { passed: 4, failed: 2, skipped: 0 }, exitCode: 1 })],
      { seconds: 10, turboExitCode: 1 },
    );
    expect(failed).toBe(2);
    expect(text.split("\n").at(-1)).toBe("7 passed, 2 failed, 1 skipped");
    expect(text).toMatch(/^node +test +FAILED +4 +2 +0 +1\.5s$/m);
  });

  test("failed tests are named with the head of their message, above the closing line", () => {
    const message = `AssertionError: expected 1 to be 2\n${"    at frame\n".repeat(20)}`;
    const { text } = formatSummary([row({ exitCode: 1, counts: { passed: 3, failed: 1, skipped: 0 } })], {
      seconds: 1,
      turboExitCode: 1,
      failures: [{ name: "core: runs > waits", message: `\x1b[31m${message}\x1b[39m` }],
    });
    const lines = text.split("\n");
    const at = lines.indexOf("- core: runs > waits");
    expect(at).toBeGreaterThan(lines.indexOf("Failed tests"));
    expect(lines[at + 1]).toBe("    AssertionError: expected 1 to be 2");
    expect(lines.filter((line) => line === "        at frame")).toHaveLength(7);
    expect(lines.at(-1)).toBe("3 passed, 1 failed, 0 skipped");
  });

  test("a failed lint or typecheck, or a test task that never ran, counts as one failure", () => {
    const { text } = formatSummary(
      [
        row({ task: "typecheck", exitCode: 2, counts: null }),
        row({ package: "edge", exitCode: null, seconds: null, counts: null }),
        row({ package: "node" }),
      ],
      { seconds: 10, turboExitCode: 1 },
    );
    expect(text).toMatch(/^core +typecheck +FAILED +0 +1 +0/m);
    expect(text).toMatch(/^edge +test +not run +0 +1 +0/m);
    expect(text.split("\n").at(-1)).toBe("3 passed, 2 failed, 1 skipped");
  });

  test("a red Turbo run never reads 0 failed", () => {
    const { text } = formatSummary([row({})], { seconds: 1, turboExitCode: 1 });
    expect(text.split("\n").at(-1)).toBe("3 passed, 1 failed, 1 skipped");
  });
});

describe("countLog", () => {
  test("reads vitest's closing Tests line, colours and all, for a package without a JSON report", () => {
    const log =
      "pkg:test: \x1b[2m      Tests \x1b[22m \x1b[1m\x1b[31m1 failed\x1b[39m | 41 passed | 2 skipped | 1 todo (45)\n";
    expect(countLog(`Test Files  3 passed (3)\n${log}   Duration  1s\n`)).toEqual({
      passed: 41,
      failed: 1,
      skipped: 3,
    });
    expect(countLog("no summary here")).toBeNull();
  });
});
