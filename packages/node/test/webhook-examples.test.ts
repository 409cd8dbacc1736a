import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { createDevServer, type DevServer } from "@leap-workflows/dev-server";
import { fakeBulkRun, fakeRun } from "@leap-workflows/test-kit/fixture-server";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { generateWebhookSecret, Workflows } from "../src/index";
import { createWebhookHeaders } from "../src/testing";

// The webhooks guide's Node examples are these files; they import the built package by name, so `build` runs first.
const example = (name: string) => fileURLToPath(new URL(`../examples/${name}`, import.meta.url));
const guide = readFileSync(new URL("../../../guides/webhooks.md", import.meta.url), "utf8");

let server: DevServer;
let leap: Workflows;
beforeAll(async () => {
  server = await createDevServer({ webhookRetryDelays: [0.05, 0.05] });
  leap = new Workflows({ apiKey: "leap_dev_key", baseUrl: server.url });
});
afterAll(() => server.close());

function lineMatching(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = "";
    child.stdout?.on("data", (chunk) => {
      seen += chunk;
      const match = seen.match(pattern);
      if (match) resolve(match);
    });
    child.on("exit", (code) => reject(new Error(`exited with ${code} before ${pattern}:\n${seen}`)));
  });
}

async function withSecret<T>(secret: string | undefined, body: () => Promise<T>): Promise<T> {
  const saved = process.env.LEAP_WEBHOOK_SECRET;
  if (secret === undefined) delete process.env.LEAP_WEBHOOK_SECRET;
  else process.env.LEAP_WEBHOOK_SECRET = secret;
  try {
    return await body();
  } finally {
    if (saved === undefined) delete process.env.LEAP_WEBHOOK_SECRET;
    else process.env.LEAP_WEBHOOK_SECRET = saved;
  }
}

const runBody = (id: string) => JSON.stringify(fakeRun({ id, status: "completed" }));

describe("webhooks guide examples", () => {
  test.each([
    "webhook-server.mjs",
    "next-webhook-route.ts",
    "next-pages-webhook.ts",
    "next-verify-delivery.ts",
  ])("guides/webhooks.md shows examples/%s verbatim", (name) => {
    expect(guide).toContain(readFileSync(example(name), "utf8").trim());
  });

  test("node:http: the dev server's signed webhook reaches onRun", async () => {
    const child = spawn(process.execPath, [example("webhook-server.mjs")], {
      env: { ...process.env, PORT: "0", LEAP_WEBHOOK_SECRET: server.webhookSecret },
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const [, url] = await lineMatching(child, /listening on (http:\/\/\S+)/);
      const run = await leap.run({ workflow_id: "wkf_echo", inputs: { via: "http" }, webhook_url: url });
      const [line] = await lineMatching(child, new RegExp(`webhook ${run.id} .*\\n`));
      expect(line).toMatch(new RegExp(`^webhook ${run.id} completed \\{"via":"http"\\} msg_`));
    } finally {
      child.kill();
    }
  });

  test("Next.js route handler (Node.js runtime): setup fails without a secret; 200 signed, 401 tampered, repeats dropped", async () => {
    const route = await import("../examples/next-webhook-route");
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      const body = runBody("rnp_next");
      const headers = await createWebhookHeaders({ secret: server.webhookSecret, body });
      const post = (sent: string) =>
        route.POST(new Request("http://app.test/api/leap", { method: "POST", body: sent, headers }));
      await withSecret(undefined, async () => {
        expect(() => post(body)).toThrow(/LEAP_WEBHOOK_SECRET/);
      });
      await withSecret(server.webhookSecret, async () => {
        expect((await post(body)).status).toBe(200);
        expect(log).toHaveBeenCalledWith("webhook", "rnp_next", "completed");
        expect(await (await post(body)).json()).toEqual({ ok: true, duplicate: true });
        expect((await post(body.replace("rnp_next", "rnp_evil"))).status).toBe(401);
      });
      expect(log).toHaveBeenCalledTimes(1);
    } finally {
      log.mockRestore();
    }
  });

  test("Next.js route verifying by hand: a run and a bulk run both arrive, typed; 401 tampered", async () => {
    const route = await import("../examples/next-verify-delivery");
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      const bulkRun = fakeBulkRun({
        id: "bulk_next",
        status: "completed",
        output_csv_url: "https://x.test/o.csv",
      });
      const post = async (body: string, secret = server.webhookSecret) => {
        const headers = await createWebhookHeaders({ secret, body });
        return route.POST(new Request("http://app.test/api/leap", { method: "POST", body, headers }));
      };
      await withSecret(server.webhookSecret, async () => {
        expect((await post(runBody("rnp_by_hand"))).status).toBe(200);
        expect((await post(JSON.stringify(bulkRun))).status).toBe(200);
        expect((await post(runBody("rnp_forged"), generateWebhookSecret())).status).toBe(401);
      });
      expect(log.mock.calls).toEqual([
        ["run", "rnp_by_hand", "completed"],
        ["bulk run", "bulk_next", "https://x.test/o.csv"],
      ]);
    } finally {
      log.mockRestore();
    }
  });

  test("Next.js Pages Router API route with bodyParser off: real signed POSTs", async () => {
    const route = await import("../examples/next-pages-webhook");
    expect(route.config).toEqual({ api: { bodyParser: false } });
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const http: Server = createServer((req, res) => void route.default(req, res));
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    try {
      await withSecret(server.webhookSecret, async () => {
        const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/api/leap`;
        const body = runBody("rnp_pages");
        const headers = await createWebhookHeaders({ secret: server.webhookSecret, body });
        expect((await fetch(url, { method: "POST", body, headers })).status).toBe(200);
        expect(log).toHaveBeenCalledWith("webhook", "rnp_pages", "completed");
        expect((await fetch(url, { method: "POST", body: `${body} `, headers })).status).toBe(401);
      });
    } finally {
      log.mockRestore();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    }
  });
});
