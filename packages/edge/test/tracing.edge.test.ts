import { type FixtureServer, fakeRun, startFixtureServer } from "@leap-workflows/test-kit/fixture-server";
import { type RecordedSpans, recordSpans, spanText } from "@leap-workflows/test-kit/tracing";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { afterAll, beforeAll, expect, test } from "vitest";
import { generateWebhookSecret, Workflows, webhookHandler } from "../src/index";
import { createWebhookHeaders } from "../src/testing";
import { openTelemetryTracing } from "../src/tracing";

// The whole trace inside the edge runtime: a traced client creates a run whose webhook_url carries the create
// span's traceparent, and the traced edge handler's span for that webhook links back to it.
const API_KEY = "sk_edge_tracing_secret_7c1";
const secret = generateWebhookSecret();
let server: FixtureServer;
let recorded: RecordedSpans;

beforeAll(async () => {
  server = await startFixtureServer();
  recorded = await recordSpans();
});
afterAll(() => server.close());

test("the create span's context reaches the webhook handler's span as a link", async () => {
  const tracing = openTelemetryTracing(recorded.tracer, { propagateToWebhooks: true });
  server.handle(() => ({ status: 201, body: fakeRun({ input: { prompt: "private words" } }) }));
  const leap = new Workflows({ apiKey: API_KEY, baseUrl: server.url, tracing });
  const run = await leap.run({
    workflow_id: "wkf_123",
    inputs: { prompt: "private words" },
    webhook_url: "https://app.test/api/leap",
  });
  const create = recorded.span("leap.runs.create");
  expect(create.attributes).toMatchObject({ "leap.run.id": run.id, "http.response.status_code": 201 });

  // Leap calls the webhook URL as given: the handler sees the traceparent in its query string.
  const webhookUrl = JSON.parse(server.requests[0]?.body ?? "{}").webhook_url as string;
  const body = JSON.stringify(fakeRun({ status: "completed", output: { reply: "private answer" } }));
  const handle = webhookHandler(secret, () => {}, { tracing });
  const response = await handle(
    new Request(webhookUrl, { method: "POST", body, headers: await createWebhookHeaders({ secret, body }) }),
  );
  expect(response.status).toBe(200);

  const delivery = recorded.span("leap.webhook");
  expect(delivery.kind).toBe(SpanKind.CONSUMER);
  expect(delivery.links.map((link) => link.context.spanId)).toEqual([create.spanContext().spanId]);
  expect(delivery.links[0]?.context.traceId).toBe(create.spanContext().traceId);
  expect(delivery.attributes).toMatchObject({
    "leap.webhook.verification": "verified",
    "leap.webhook.outcome": "processed",
    "leap.run.status": "completed",
  });
  expect(delivery.status.code).toBe(SpanStatusCode.UNSET);
  for (const span of recorded.spans()) {
    for (const secretText of [API_KEY, "private words", "private answer"]) {
      expect(spanText(span)).not.toContain(secretText);
    }
  }
});
