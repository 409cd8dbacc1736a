#!/usr/bin/env node
// The README's test command: lint, type checks and every package's tests through Turbo, carrying on past a
// failure so that one red suite hides nothing, then ONE summary (per package, then a final
// "N passed, N failed, N skipped" line that CI reads) and a non-zero exit on any failure.
// Extra arguments go to `turbo run` (e.g. `--filter=@leap-workflows/core`); TEST_TASKS overrides the task list.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import { countReport, formatSummary } from "./summary.mjs";

const root = resolve(import.meta.dirname, "../../..");
const REPORT = "test-report.json";
const tasks = (process.env.TEST_TASKS ?? "lint typecheck test").split(/\s+/).filter(Boolean);

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

const packages = workspacePackages();
// A report left by an earlier run must not be read as this run's: Turbo restores it on a cache hit, and a test
// task that never ran (its build failed) leaves none.
for (const { dir } of packages) rmSync(join(dir, REPORT), { force: true });

const summaries = join(root, ".turbo", "runs");
mkdirSync(summaries, { recursive: true });
const before = new Set(readdirSync(summaries));

const binDir = join(root, "node_modules", ".bin");
const turbo = join(binDir, "turbo");
const args = ["run", ...tasks, "--continue=dependencies-successful", "--summarize", ...process.argv.slice(2)];
const started = Date.now();
const exitCode = await new Promise((done) => {
  const child = spawn(turbo, args, {
    cwd: root,
    stdio: "inherit",
    // Turbo looks for pnpm on PATH; `node test-all.mjs` run by hand has only the workspace's copy.
    env: { ...process.env, PATH: `${binDir}${delimiter}${process.env.PATH}`, LEAP_TEST_REPORT: "1" },
  });
  child.on("close", (code, signal) => done(code ?? (signal ? 1 : 0)));
});

// Turbo's run summary: each task's exit code, cache status and duration.
const summaryFile = readdirSync(summaries).find((name) => !before.has(name) && name.endsWith(".json"));
const run = summaryFile ? JSON.parse(readFileSync(join(summaries, summaryFile), "utf8")) : { tasks: [] };
rmSync(join(summaries, summaryFile ?? "-"), { force: true });

const rows = [];
for (const task of run.tasks ?? []) {
  if (task.command === "<NONEXISTENT>") continue;
  const execution = task.execution ?? {};
  const ran = execution.exitCode !== undefined && execution.exitCode !== null;
  // Builds show up only when they fail (their dependants then never ran).
  if (!tasks.includes(task.task) && (!ran || execution.exitCode === 0)) continue;
  const pkg = packages.find((p) => p.name === task.package);
  const report =
    task.task === "test" && pkg && existsSync(join(pkg.dir, REPORT)) ? join(pkg.dir, REPORT) : null;
  rows.push({
    package: task.package === "//" ? "(root)" : task.package.replace(/^@leap-workflows\//, ""),
    task: task.task,
    exitCode: ran ? execution.exitCode : null,
    cached: task.cache?.status === "HIT",
    seconds:
      execution.endTime && execution.startTime ? (execution.endTime - execution.startTime) / 1000 : null,
    counts: report ? countReport(JSON.parse(readFileSync(report, "utf8"))) : null,
  });
}

const { text, failed } = formatSummary(rows, {
  seconds: (Date.now() - started) / 1000,
  turboExitCode: exitCode,
});
console.log(text);
process.exit(exitCode !== 0 || failed > 0 ? 1 : 0);
