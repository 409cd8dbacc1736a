import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createDevServer, type DevServer } from "@leap-workflows/dev-server";
import { fakeRun } from "@leap-workflows/test-kit/fixture-server";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createWebhookHeaders } from "../src/testing";
import { bundleForWorker } from "./bundle";

// The README's Worker and the runtimes guide's edge examples are these files: bundled with no polyfills and run in workerd, Deno and Bun against
// the dev server. (The Next.js route runs in the edge-runtime project: examples.edge.test.ts.)
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const guide = readFileSync(new URL("../../../guides/runtimes.md", import.meta.url), "utf8");
const source = (name: string) => readFileSync(new URL(`../examples/${name}`, import.meta.url), "utf8");
const bin = (name: string) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "leap-edge-examples-"));

let server: DevServer;
beforeAll(async () => {
  server = await createDevServer();
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The example bundled to a file Deno and Bun can run. */
async function bundled(name: string): Promise<string> {
  const file = join(dir, name.replace(/\.ts$/, ".mjs"));
  writeFileSync(file, await bundleForWorker(`../examples/${name}`));
  return file;
}

/** Resolves with the first stdout match of `pattern`; rejects if the process exits first. */
function outputMatching(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = "";
    // Deno.serve announces its address on stderr, Bun's example on stdout.
    const onData = (chunk: Buffer) => {
      seen += chunk;
      const match = seen.match(pattern);
      if (match) resolve(match);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) => reject(new Error(`exited with ${code} before ${pattern}:\n${seen}`)));
  });
}

/** A finished run as Leap would deliver it, signed with the dev server's webhook secret by default. */
async function signedRun(url: string, secret = server.webhookSecret): Promise<Request> {
  const body = JSON.stringify(fakeRun({ status: "completed", output: { ok: true } }));
  return new Request(url, { method: "POST", body, headers: await createWebhookHeaders({ secret, body }) });
}

const leapEnv = () => ({ LEAP_API_KEY: "leap_dev_key", LEAP_BASE_URL: server.url });

describe("README examples", () => {
  test("the README shows examples/cloudflare-worker.ts verbatim", () => {
    expect(readme).toContain(source("cloudflare-worker.ts").trim());
  });

  test.each(["next-route.ts", "script.ts", "deno-receiver.ts", "bun-receiver.ts"])(
    "guides/runtimes.md shows examples/%s verbatim",
    (name) => {
      expect(guide).toContain(source(name).trim());
    },
  );

  test("Cloudflare Worker in workerd: runs a workflow, verifies its webhook, rejects a forged one", async () => {
    const miniflare = new Miniflare({
      modules: true,
      script: await bundleForWorker("../examples/cloudflare-worker.ts"),
      compatibilityDate: "2025-09-01",
      bindings: { ...leapEnv(), LEAP_WEBHOOK_SECRET: server.webhookSecret },
    });
    try {
      const answer = await miniflare.dispatchFetch("http://worker.test/?name=Ada");
      expect(await answer.json()).toEqual({ status: "completed", output: { name: "Ada" } });
      const hook = await signedRun("http://worker.test/hooks/leap");
      const accepted = await miniflare.dispatchFetch(hook.url, {
        method: "POST",
        headers: Object.fromEntries(hook.headers),
        body: await hook.text(),
      });
      expect(accepted.status).toBe(200);
      const forged = await signedRun(
        "http://worker.test/hooks/leap",
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      );
      const rejected = await miniflare.dispatchFetch(forged.url, {
        method: "POST",
        headers: Object.fromEntries(forged.headers),
        body: await forged.text(),
      });
      expect(rejected.status).toBe(401);
      expect(await rejected.json()).toEqual({ error: "no_matching_signature" });
    } finally {
      await miniflare.dispose();
    }
  });

  const commands = {
    Deno: (file: string) => [bin("deno"), ["run", "--allow-net", "--allow-env", file]] as const,
    Bun: (file: string) => [bin("bun"), ["run", file]] as const,
  };

  for (const [runtime, command] of Object.entries(commands)) {
    test(`${runtime}: the script runs a workflow and prints its output`, async () => {
      const [program, args] = command(await bundled("script.ts"));
      const { stdout } = await run(program, args, { env: { ...process.env, ...leapEnv(), NO_COLOR: "1" } });
      expect(stdout.trim()).toBe('completed {"hello":"world"}');
    });

    test(`${runtime}: the receiver accepts a signed webhook and rejects a forged one`, async () => {
      const [program, args] = command(await bundled(`${runtime.toLowerCase()}-receiver.ts`));
      const child = spawn(program, args, {
        env: { ...process.env, PORT: "0", LEAP_WEBHOOK_SECRET: server.webhookSecret, NO_COLOR: "1" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      try {
        const [, url] = await outputMatching(child, /Listening on (http:\/\/[\d.:]+)/);
        const received = outputMatching(child, /webhook (\S+) (\S+)/);
        expect((await fetch(await signedRun(`${url}/`))).status).toBe(200);
        const [, id, status] = await received;
        expect([id, status]).toEqual([fakeRun().id, "completed"]);
        const forged = await signedRun(`${url}/`, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        expect((await fetch(forged)).status).toBe(401);
      } finally {
        child.kill();
      }
    });
  }
});
