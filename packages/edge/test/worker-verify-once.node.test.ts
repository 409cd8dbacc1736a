import { readFileSync } from "node:fs";
import { fakeRun } from "@leap-workflows/test-kit/fixture-server";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, expect, test } from "vitest";
import { generateWebhookSecret } from "../src/index";
import { createWebhookHeaders } from "../src/testing";
import { bundleForWorker } from "./bundle";

// The webhooks guide's verifyWebhook + processWebhookOnce Worker, run in workerd with its Durable Object id store.
const guide = readFileSync(new URL("../../../guides/webhooks.md", import.meta.url), "utf8");
const source = readFileSync(new URL("../examples/worker-verify-once.ts", import.meta.url), "utf8");
const secret = generateWebhookSecret();
let miniflare: Miniflare;

beforeAll(async () => {
  miniflare = new Miniflare({
    modules: true,
    script: await bundleForWorker("../examples/worker-verify-once.ts"),
    compatibilityDate: "2025-09-01",
    bindings: { LEAP_WEBHOOK_SECRET: secret },
    durableObjects: { WEBHOOK_IDS: { className: "WebhookIdStoreDurableObject", useSQLite: true } },
  });
  await miniflare.ready;
});
afterAll(() => miniflare?.dispose());

test("guides/webhooks.md shows examples/worker-verify-once.ts verbatim", () => {
  expect(guide).toContain(source.trim());
});

test("verify, claim, process, complete: concurrent copies are processed once, a replay is a duplicate", async () => {
  const body = JSON.stringify(fakeRun({ id: "rnp_once", status: "completed" }));
  const headers = await createWebhookHeaders({ secret, body });
  const post = async (sent: string) => {
    const response = await miniflare.dispatchFetch("https://worker.test/", {
      method: "POST",
      body: sent,
      headers,
    });
    return { status: response.status, body: (await response.json()) as { result?: string; error?: string } };
  };
  const copies = await Promise.all([post(body), post(body), post(body), post(body)]);
  expect(copies.filter((copy) => copy.body.result === "processed")).toHaveLength(1);
  for (const copy of copies) expect(["processed", "duplicate", "in-progress"]).toContain(copy.body.result);
  expect(await post(body)).toEqual({ status: 200, body: { result: "duplicate" } });
  expect(await post(body.replace("rnp_once", "rnp_forged"))).toEqual({
    status: 401,
    body: { error: "no_matching_signature" },
  });
});
