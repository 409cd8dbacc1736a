import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createDevServer, type DevServer } from "@leap-workflows/dev-server";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { bundleForWorker } from "./bundle";
import type { Outcome } from "./runtimes/vitest-shim";

// The edge package in real runtimes, one process per runtime (Deno twice: with and without --allow-env):
// - the smoke (runtimes/smoke.ts): the package bundled as a Worker bundler would, with no polyfills, against the
//   dev server on 127.0.0.1;
// - the shared client and webhook-vector suites (runtimes/suite-entry.ts) with the edge package's client. Vitest
//   cannot run inside Deno or Bun, so they are bundled with `vitest` swapped for a small shim that uses vitest's
//   own `expect`; Node runs the same bundle first as the reference for what must pass.
const run = promisify(execFile);
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const bin = (name: string) => here(`../node_modules/.bin/${name}`);
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
/**
 * A hang guard for one runtime process running the smoke and the suites one test after another (a few seconds
 * idle); a loaded machine makes that several times longer, so the guard is far above it.
 */
const RUNTIME_TIMEOUT = 180_000;

let server: DevServer;
// The attacks of core's client suite, in runtimes vitest cannot host: a redirect to another origin (the trap,
// which must never see a request) and a body far over maxResponseBytes (the flood must stop early).
const hostile = { trapRequests: 0, floodWritten: 0, url: "", trapUrl: "" };
const FLOOD_BYTES = 64 * 1024 * 1024;
let trap: Server;
let hostileServer: Server;
async function listen(each: Server): Promise<string> {
  await new Promise<void>((resolve) => each.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(each.address() as AddressInfo).port}`;
}
const dir = mkdtempSync(join(tmpdir(), "leap-edge-"));
const files = { smoke: join(dir, "smoke.mjs"), suites: join(dir, "suites.mjs"), both: join(dir, "both.mjs") };
let reference: Outcome;

beforeAll(async () => {
  trap = createServer((_, response) => {
    hostile.trapRequests++;
    response.end("{}");
  });
  hostileServer = createServer((request, response) => {
    if (request.url?.endsWith("/rnp_redirect")) {
      response.writeHead(307, { location: `${hostile.trapUrl}/v1/runs/rnp_redirect` }).end();
      return;
    }
    response.writeHead(200, { "content-type": "application/json" });
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    let stopped = false;
    response.on("close", () => {
      stopped = true;
    });
    const pump = () => {
      while (!stopped && hostile.floodWritten < FLOOD_BYTES) {
        hostile.floodWritten += chunk.length;
        if (!response.write(chunk)) return void response.once("drain", pump);
      }
      if (!stopped) response.end();
    };
    pump();
  });
  hostile.trapUrl = await listen(trap);
  hostile.url = await listen(hostileServer);
  server = await createDevServer({ apiKeys: ["edge_key"] });
  writeFileSync(files.smoke, await bundleForWorker("./runtimes/cli-entry.ts"));
  await build({
    entryPoints: [here("./runtimes/suite-entry.ts")],
    bundle: true,
    outfile: files.suites,
    format: "esm",
    // node:http (the suite's fixture server) and node:util stay imports; Deno and Bun provide both.
    platform: "node",
    target: "es2022",
    logLevel: "silent",
    alias: { vitest: here("./runtimes/vitest-shim.ts") },
    define: { __SDK_VERSION__: JSON.stringify("0.0.0-suite") },
  });
  // One process runs both: the smoke prints its JSON line first, the suites theirs last.
  writeFileSync(files.both, 'await import("./smoke.mjs");\nawait import("./suites.mjs");\n');
  reference = suitesOutcome(await runIn(process.execPath, [files.suites]));
}, RUNTIME_TIMEOUT);
afterAll(async () => {
  for (const each of [trap, hostileServer]) {
    each.closeAllConnections();
    each.close();
  }
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const env = () => ({ DEV_URL: server.url, API_KEY: "edge_key", SECRET, HOSTILE_URL: hostile.url });

async function runIn(program: string, args: string[], withEnv = true): Promise<string[]> {
  const { stdout } = await run(program, args, {
    env: { ...process.env, ...(withEnv ? env() : {}), NO_COLOR: "1" },
    timeout: RUNTIME_TIMEOUT,
  });
  return stdout.trim().split("\n");
}

const smokeResult = (lines: string[]) => JSON.parse(lines[0] ?? "{}") as Record<string, unknown>;
const suitesOutcome = (lines: string[]) => JSON.parse(lines.at(-1) ?? "{}") as Outcome & { runtime: string };

function expectSmokePassed(result: Record<string, unknown>): void {
  expect(result).toMatchObject({
    spec: '{"test": 2432232314}',
    run: { status: "completed", output: { from: "edge" } },
    retrievedWithOwnFetch: true,
    statuses: [200, 401],
  });
  expect(result.received).toHaveLength(1);
  expect(result.redirect).toEqual({
    name: "RedirectError",
    status: 307,
    location: `${hostile.trapUrl}/v1/runs/rnp_redirect`,
  });
  expect(hostile.trapRequests).toBe(0);
  expect(result.flood).toMatchObject({ name: "ResponseTooLargeError" });
  expect(hostile.floodWritten).toBeLessThan(FLOOD_BYTES);
  hostile.floodWritten = 0;
}

function expectSuitesPassed(outcome: Outcome & { runtime: string }, runtime: string): void {
  console.log(`${runtime}: ${outcome.passed.length} passed, ${outcome.failed.length} failed`);
  expect(outcome.failed).toEqual([]);
  expect(outcome.runtime).toBe(runtime);
  expect(outcome.passed).toEqual(reference.passed);
}

describe("edge package in real runtimes", () => {
  test("Node runs the bundled suites as the reference", () => {
    expect(reference.failed).toEqual([]);
    expect(reference.passed.some((name) => name.startsWith("client ("))).toBe(true);
    expect(reference.passed.some((name) => name.startsWith("webhook vectors ("))).toBe(true);
  });

  test(
    "Cloudflare workerd (miniflare)",
    async () => {
      const miniflare = new Miniflare({
        modules: true,
        script: await bundleForWorker("./runtimes/worker-entry.ts"),
        compatibilityDate: "2025-09-01",
        bindings: env(),
      });
      try {
        const response = await miniflare.dispatchFetch("http://worker.test/");
        const result = (await response.json()) as Record<string, unknown>;
        expectSmokePassed(result);
        expect(result.hasBuffer).toBe(false);
      } finally {
        await miniflare.dispose();
      }
    },
    RUNTIME_TIMEOUT,
  );

  test(
    "Deno: the smoke, and every test of the client and webhook suites",
    async () => {
      const lines = await runIn(bin("deno"), ["run", "--allow-net", "--allow-env", files.both]);
      expectSmokePassed(smokeResult(lines));
      expectSuitesPassed(suitesOutcome(lines), "Deno");
    },
    RUNTIME_TIMEOUT,
  );

  test(
    "Deno with no --allow-env (reading the environment throws there)",
    async () => {
      // The suites' test harness reads the environment itself, so only the smoke runs here.
      const settings = Object.entries(env()).map(([name, value]) => `${name}=${value}`);
      expectSmokePassed(
        smokeResult(await runIn(bin("deno"), ["run", "--allow-net", files.smoke, ...settings], false)),
      );
    },
    RUNTIME_TIMEOUT,
  );

  test(
    "Bun: the smoke, and every test of the client and webhook suites",
    async () => {
      const lines = await runIn(bin("bun"), ["run", files.both]);
      expectSmokePassed(smokeResult(lines));
      expectSuitesPassed(suitesOutcome(lines), "Bun");
    },
    RUNTIME_TIMEOUT,
  );
});
