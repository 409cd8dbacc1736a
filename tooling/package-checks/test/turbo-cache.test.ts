import { execFile } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
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
        // Turbo always hashes a package's own turbo.json into its tasks.
        !/^(src\/.+|tsup\.config\.ts|tsconfig[^/]*\.json|package\.json|turbo\.json)$/.test(file) ||
        /\.test(-d)?\.ts$/.test(file),
    );
    expect(extra, `${name}#build inputs`).toEqual([]);
  }
});

test("editing a test-kit file reruns the tests and type checks that use it, and rebuilds nothing", async () => {
  // Shared test helpers live in @leap-workflows/test-kit, a declared devDependency whose files reach its users'
  // test and typecheck hashes through the `test-helpers` task (turbo.json); a relative import of another
  // package's file would leave these hashes unchanged and replay a stale green.
  const users = ["core", "node", "edge", "dev-server", "integration-tests", "contract-tests"];
  const hashes = async () => {
    const { stdout } = await run(bin("turbo"), ["run", "build", "typecheck", "test", "--dry=json"], {
      cwd: root,
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
    const tasks = (JSON.parse(stdout) as { tasks: Array<{ taskId: string; hash: string }> }).tasks;
    return new Map(tasks.map((task) => [task.taskId.replace("@leap-workflows/", ""), task.hash]));
  };
  const probe = join(root, "tooling/test-kit/src", `hash-probe-${process.pid}.ts`);
  const before = await hashes();
  writeFileSync(probe, "// a probe of turbo-cache.test.ts; delete me\n");
  try {
    const after = await hashes();
    for (const name of users) {
      for (const task of ["test", "typecheck"]) {
        expect(before.get(`${name}#${task}`), `${name}#${task} is planned`).toBeDefined();
        expect(after.get(`${name}#${task}`), `${name}#${task} hash`).not.toBe(before.get(`${name}#${task}`));
      }
    }
    const unchanged = [...before.keys()].filter((id) => id.endsWith("#build") || id === "playground#test");
    expect(unchanged.length).toBeGreaterThan(4);
    for (const id of unchanged) expect(after.get(id), `${id} hash`).toBe(before.get(id));
  } finally {
    rmSync(probe, { force: true });
  }
});
