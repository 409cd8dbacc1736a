import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test } from "vitest";
import { bin, PUBLIC_PACKAGES, root } from "./packages";

const run = promisify(execFile);
const filters = PUBLIC_PACKAGES.flatMap((name) => ["--filter", `@leap-workflows/${name}`]);
// turbo looks pnpm up on PATH to read the workspace.
const env = { ...process.env, PATH: `${root}node_modules/.bin:${process.env.PATH}` };
const turbo = (...args: string[]) =>
  run(bin("turbo"), ["run", "build", ...filters, ...args], { cwd: root, env, maxBuffer: 64 * 1024 * 1024 });

test("a second build with nothing changed is a full cache hit", async () => {
  // The first build restores or rebuilds (in `pnpm test` it already ran); the second must replay everything.
  await turbo("--output-logs=none");
  const { stdout } = await turbo("--output-logs=none");
  const [, cached, total] = /Cached:\s+(\d+) cached, (\d+) total/.exec(stdout) ?? [];
  expect(`${cached}/${total}`, stdout).toBe(`${total}/${total}`);
  expect(stdout).toContain("FULL TURBO");
});

test("builds hash only what they compile, so editing a test, README or example rebuilds nothing", async () => {
  const { stdout } = await turbo("--dry=json");
  const tasks = (JSON.parse(stdout) as { tasks: Array<{ taskId: string; inputs: Record<string, string> }> })
    .tasks;
  for (const name of PUBLIC_PACKAGES) {
    const task = tasks.find((candidate) => candidate.taskId === `@leap-workflows/${name}#build`);
    expect(task, `${name}#build is planned`).toBeDefined();
    const extra = Object.keys(task?.inputs ?? {}).filter(
      (file) =>
        !/^(src\/.+|tsup\.config\.ts|tsconfig[^/]*\.json|package\.json)$/.test(file) ||
        /\.test(-d)?\.ts$/.test(file),
    );
    expect(extra, `${name}#build inputs`).toEqual([]);
  }
});
