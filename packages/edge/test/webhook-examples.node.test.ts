import { readFileSync } from "node:fs";
import { createDevServer, type DevServer } from "@leap-workflows/dev-server";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type WorkflowRun, Workflows } from "../src/index";
import { createWebhookHeaders } from "../src/testing";
import { bundleForWorker } from "./bundle";

// The webhooks guide's edge examples are these files. The Worker runs in workerd (miniflare) with its Durable Object
// id store, listening on a port, and the dev server delivers to it.
const guide = readFileSync(new URL("../../../guides/webhooks.md", import.meta.url), "utf8");
const source = (name: string) => readFileSync(new URL(`../examples/${name}`, import.meta.url), "utf8");

let server: DevServer;
let leap: Workflows;
beforeAll(async () => {
  server = await createDevServer({ webhookRetryDelays: [0.05, 0.05] });
  leap = new Workflows({ apiKey: "leap_dev_key", baseUrl: server.url });
});
afterAll(() => server.close());

async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("webhooks guide examples", () => {
  test.each(["worker-webhooks.ts", "next-webhook-route.ts"])(
    "guides/webhooks.md shows examples/%s verbatim",
    (name) => {
      expect(guide).toContain(source(name).trim());
    },
  );

  test("Worker in workerd: the dev server's webhook is verified, claimed in a Durable Object, a repeat is dropped", async () => {
    const miniflare = new Miniflare({
      modules: true,
      script: await bundleForWorker("../examples/worker-webhooks.ts"),
      compatibilityDate: "2025-09-01",
      bindings: { LEAP_WEBHOOK_SECRET: server.webhookSecret },
      durableObjects: { WEBHOOK_IDS: { className: "WebhookIdStoreDurableObject", useSQLite: true } },
      host: "127.0.0.1",
      port: 0,
    });
    try {
      const url = new URL("/hooks/leap", await miniflare.ready).toString();
      const run = await leap.run({ workflow_id: "wkf_echo", inputs: { via: "worker" }, webhook_url: url });
      const delivery = await eventually(async () => {
        const response = await fetch(`${server.url}/v1/runs/${run.id}/deliveries`, {
          headers: { "x-api-key": "leap_dev_key" },
        });
        const { data } = (await response.json()) as { data: { status_code: number; webhook_id: string }[] };
        return data[0];
      });
      expect(delivery.status_code).toBe(200);

      // The same delivery again (as another isolate's retry would be): a duplicate, from the Durable Object.
      const body = JSON.stringify(await leap.runs.retrieve(run.id));
      const headers = await createWebhookHeaders({
        secret: server.webhookSecret,
        body,
        id: delivery.webhook_id,
      });
      const again = await miniflare.dispatchFetch(url, { method: "POST", headers, body });
      expect(await again.json()).toEqual({ ok: true, duplicate: true });
      const forged = await miniflare.dispatchFetch(url, {
        method: "POST",
        headers: { ...headers, "webhook-id": "msg_other" },
        body: body.replace("worker", "forged"),
      });
      expect(forged.status).toBe(401);
      expect(((await forged.json()) as { error: { type: string } }).error.type).toBe("no_matching_signature");
      expect((await leap.runs.retrieve(run.id)) satisfies WorkflowRun).toMatchObject({
        output: { via: "worker" },
      });
    } finally {
      await miniflare.dispose();
    }
  });
});
