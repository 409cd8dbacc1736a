import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type FixtureServer, fakeRun, startFixtureServer } from "@leap-workflows/test-kit/fixture-server";
import { afterAll, beforeAll, expect, test } from "vitest";
import worker from "../examples/tracing-worker";
import { generateWebhookSecret } from "../src/index";
import { createWebhookHeaders } from "../src/testing";

// guides/observability.md's Worker, in the edge runtime: a request starts a run (against a fixture server),
// the run's webhook comes back to the Worker, and both spans reach an OTLP/HTTP collector on loopback, linked.
const guide = readFileSync(new URL("../../../guides/observability.md", import.meta.url), "utf8");
const secret = generateWebhookSecret();
let api: FixtureServer;
let collector: Server;
const spans: { name: string; traceId: string; spanId: string; links?: { spanId: string }[] }[] = [];
let env: { LEAP_API_KEY: string; LEAP_WEBHOOK_SECRET: string; LEAP_BASE_URL: string; OTLP_ENDPOINT: string };

beforeAll(async () => {
  api = await startFixtureServer();
  api.handle(() => ({ status: 200, body: fakeRun() }));
  collector = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    for (const resource of JSON.parse(Buffer.concat(chunks).toString("utf8")).resourceSpans ?? [])
      for (const scope of resource.scopeSpans ?? []) spans.push(...(scope.spans ?? []));
    response.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
  env = {
    LEAP_API_KEY: "leap_dev_key",
    LEAP_WEBHOOK_SECRET: secret,
    LEAP_BASE_URL: api.url,
    OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}/v1/traces`,
  };
});
afterAll(async () => {
  await api.close();
  collector.closeAllConnections();
  await new Promise<void>((resolve) => collector.close(() => resolve()));
});

test("guides/observability.md shows examples/tracing-worker.ts verbatim", () => {
  expect(guide).toContain(
    readFileSync(new URL("../examples/tracing-worker.ts", import.meta.url), "utf8").trim(),
  );
});

test("the Worker's create span and its webhook's span reach the collector, linked", async () => {
  const pending: Promise<unknown>[] = [];
  const context = { waitUntil: (promise: Promise<unknown>) => void pending.push(promise) };
  const created = await worker.fetch(new Request("https://worker.test/start"), env, context);
  expect(created.status).toBe(200);
  const webhookUrl = JSON.parse(api.requests[0]?.body ?? "{}").webhook_url as string;
  expect(webhookUrl).toMatch(/^https:\/\/worker\.test\/hooks\/leap\?traceparent=00-/);

  const body = JSON.stringify(fakeRun({ status: "completed" }));
  const headers = await createWebhookHeaders({ secret, body });
  const delivered = await worker.fetch(
    new Request(webhookUrl, { method: "POST", body, headers }),
    env,
    context,
  );
  expect(delivered.status).toBe(200);
  await Promise.all(pending);

  const create = spans.find((span) => span.name === "leap.runs.create");
  const webhook = spans.find((span) => span.name === "leap.webhook");
  expect(webhook?.links).toEqual([
    expect.objectContaining({ traceId: create?.traceId, spanId: create?.spanId }),
  ]);
});
