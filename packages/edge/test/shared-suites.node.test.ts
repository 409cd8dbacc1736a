import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Outcome } from "./runtimes/vitest-shim";

// Core's shared client and webhook-vector suites, with the edge package's client, run by Deno and Bun
// themselves. Vitest cannot run inside them, so the suites are bundled with `vitest` swapped for a small shim
// that uses vitest's own `expect`; Node runs the same bundle first as the reference for what must pass.
const run = promisify(execFile);
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "leap-edge-suites-"));
const bundle = join(dir, "suites.mjs");

const commands: Record<string, [string, string[]]> = {
  Node: [process.execPath, [bundle]],
  Deno: [here("../node_modules/.bin/deno"), ["run", "--allow-net", "--allow-env", bundle]],
  Bun: [here("../node_modules/.bin/bun"), ["run", bundle]],
};

let reference: Outcome;
beforeAll(async () => {
  await build({
    entryPoints: [here("./runtimes/suite-entry.ts")],
    bundle: true,
    outfile: bundle,
    format: "esm",
    // node:http (the suite's fixture server) and node:util stay imports; Deno and Bun provide both.
    platform: "node",
    target: "es2022",
    logLevel: "silent",
    alias: { vitest: here("./runtimes/vitest-shim.ts") },
    define: { __SDK_VERSION__: JSON.stringify("0.0.0-suite") },
  });
  reference = await outcomeIn("Node");
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function outcomeIn(runtime: string): Promise<Outcome & { runtime: string }> {
  const [program, args] = commands[runtime] ?? ["", []];
  const { stdout } = await run(program, args, { env: { ...process.env, NO_COLOR: "1" }, timeout: 60_000 });
  const outcome = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Outcome & { runtime: string };
  console.log(`${runtime}: ${outcome.passed.length} passed, ${outcome.failed.length} failed`);
  return outcome;
}

test("Node runs the bundled suites as the reference", () => {
  expect(reference.failed).toEqual([]);
  expect(reference.passed.some((name) => name.startsWith("client ("))).toBe(true);
  expect(reference.passed.some((name) => name.startsWith("webhook vectors ("))).toBe(true);
});

test.each(["Deno", "Bun"])(
  "%s passes every test of core's client and webhook suites",
  async (runtime) => {
    const outcome = await outcomeIn(runtime);
    expect(outcome.failed).toEqual([]);
    expect(outcome.runtime).toBe(runtime);
    expect(outcome.passed).toEqual(reference.passed);
  },
  60_000,
);
