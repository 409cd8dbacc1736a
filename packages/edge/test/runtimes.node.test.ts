import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createDevServer, type DevServer } from "@leap-workflows/dev-server";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { bundleForWorker } from "./bundle";

const run = promisify(execFile);
const bin = (name: string) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

let server: DevServer;
let cliBundle: string;
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
  cliBundle = join(dir, "smoke.mjs");
  writeFileSync(cliBundle, await bundleForWorker("./runtimes/cli-entry.ts"));
});
afterAll(async () => {
  for (const each of [trap, hostileServer]) {
    each.closeAllConnections();
    each.close();
  }
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const env = () => ({ DEV_URL: server.url, API_KEY: "edge_key", SECRET, HOSTILE_URL: hostile.url });

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

// The edge package bundled with no polyfills, run inside real edge runtimes against the dev server on 127.0.0.1.
describe("edge package in real runtimes", () => {
  test("Cloudflare workerd (miniflare)", async () => {
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
  }, 60_000);

  test("Deno", async () => {
    const { stdout } = await run(bin("deno"), ["run", "--allow-net", "--allow-env", cliBundle], {
      env: { ...process.env, ...env(), NO_COLOR: "1" },
    });
    expectSmokePassed(JSON.parse(stdout));
  }, 60_000);

  test("Deno with no --allow-env (reading the environment throws there)", async () => {
    const settings = Object.entries(env()).map(([name, value]) => `${name}=${value}`);
    const { stdout } = await run(bin("deno"), ["run", "--allow-net", cliBundle, ...settings], {
      env: { ...process.env, NO_COLOR: "1" },
    });
    expectSmokePassed(JSON.parse(stdout));
  }, 60_000);

  test("Bun", async () => {
    const { stdout } = await run(bin("bun"), ["run", cliBundle], { env: { ...process.env, ...env() } });
    expectSmokePassed(JSON.parse(stdout));
  }, 60_000);
});
