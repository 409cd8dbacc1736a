// Runs Turbo tasks across the workspace, carrying on past failures, and collects what each task did: its exit
// code, cache status, time and, for `test`, vitest's JSON report (written when LEAP_TEST_REPORT is set; see each
// package's vitest.config.ts). Used by test-all.mjs (`pnpm test`), test-fast.mjs and stress.mjs.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import { countLog, countReport } from "./summary.mjs";

const root = resolve(import.meta.dirname, "../../..");
const REPORT = "test-report.json";

/** Every workspace package folder (name and path), from `pnpm-workspace.yaml`'s `dir/*` and `dir` entries. */
function workspacePackages() {
  const yaml = readFileSync(join(root, "pnpm-workspace.yaml"), "utf8");
  const block = yaml.match(/^packages:\n((?:[ \t]+-.*\n?)+)/m)?.[1] ?? "";
  return [...block.matchAll(/^\s+-\s+["']?([^"'\s]+)/gm)]
    .flatMap(([, pattern]) => {
      if (!pattern.endsWith("/*")) return [join(root, pattern)];
      const parent = join(root, pattern.slice(0, -2));
      return existsSync(parent) ? readdirSync(parent).map((name) => join(parent, name)) : [];
    })
    .filter((dir) => existsSync(join(dir, "package.json")))
    .map((dir) => ({ dir, name: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name }));
}

/**
 * `turbo run <tasks> --continue=dependencies-successful <turboArgs>`, output streamed as it comes. Resolves with
 * Turbo's exit code, one row per task that ran (see formatSummary) and the failed tests (full name and
 * vitest's failure message).
 */
export async function runSuites({ tasks, turboArgs = [], env = {} }) {
  const packages = workspacePackages();
  // A report left by an earlier run must not be read as this run's: Turbo restores it on a cache hit, and a test
  // task that never ran (its build failed) leaves none.
  for (const { dir } of packages) rmSync(join(dir, REPORT), { force: true });

  const summaries = join(root, ".turbo", "runs");
  mkdirSync(summaries, { recursive: true });
  const before = new Set(readdirSync(summaries));
  const binDir = join(root, "node_modules", ".bin");
  const args = ["run", ...tasks, "--continue=dependencies-successful", "--summarize", ...turboArgs];
  const exitCode = await new Promise((done) => {
    const child = spawn(join(binDir, "turbo"), args, {
      cwd: root,
      stdio: "inherit",
      // Turbo looks for pnpm on PATH; `node test-all.mjs` run by hand has only the workspace's copy.
      env: {
        ...process.env,
        ...env,
        PATH: `${binDir}${delimiter}${process.env.PATH}`,
        LEAP_TEST_REPORT: "1",
      },
    });
    child.on("close", (code, signal) => done(code ?? (signal ? 1 : 0)));
  });

  // Turbo's run summary: each task's exit code, cache status and duration.
  const summaryFile = readdirSync(summaries).find((name) => !before.has(name) && name.endsWith(".json"));
  const run = summaryFile ? JSON.parse(readFileSync(join(summaries, summaryFile), "utf8")) : { tasks: [] };
  if (summaryFile) rmSync(join(summaries, summaryFile), { force: true });

  const rows = [];
  const failures = [];
  for (const task of run.tasks ?? []) {
    if (task.command === "<NONEXISTENT>") continue;
    const execution = task.execution ?? {};
    const ran = execution.exitCode !== undefined && execution.exitCode !== null;
    // Builds show up only when they fail (their dependants then never ran).
    if (!tasks.includes(task.task) && (!ran || execution.exitCode === 0)) continue;
    const pkg = packages.find((p) => p.name === task.package);
    const reportFile = task.task === "test" && pkg ? join(pkg.dir, REPORT) : null;
    const report = reportFile && existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, "utf8")) : null;
    // A package whose vitest config writes no report (it should: see vitest.config.ts) is read from its log.
    const logFile = pkg && task.task === "test" ? join(pkg.dir, ".turbo", "turbo-test.log") : null;
    const logged = !report && logFile && existsSync(logFile) ? countLog(readFileSync(logFile, "utf8")) : null;
    const name = task.package === "//" ? "(root)" : task.package.replace(/^@leap-workflows\//, "");
    for (const file of report?.testResults ?? []) {
      const failed = (file.assertionResults ?? []).filter((test) => test.status === "failed");
      if (file.status === "failed" && failed.length === 0)
        failures.push({ name: `${name}: ${file.name} (the file)`, message: file.message ?? "" });
      for (const test of failed)
        failures.push({
          name: `${name}: ${test.fullName}`,
          message: (test.failureMessages ?? []).join("\n"),
        });
    }
    rows.push({
      package: name,
      task: task.task,
      exitCode: ran ? execution.exitCode : null,
      cached: task.cache?.status === "HIT",
      seconds:
        execution.endTime && execution.startTime ? (execution.endTime - execution.startTime) / 1000 : null,
      counts: report ? countReport(report) : logged,
    });
  }
  return { exitCode, rows, failures };
}
