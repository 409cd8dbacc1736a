import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createDevServer, type DevServer } from "@leap-workflows/dev-server";
import { type WorkflowRun, Workflows, webhookHandler } from "@leap-workflows/node";
import { openTelemetryTracing } from "@leap-workflows/node/tracing";
import { recordSpans } from "@leap-workflows/test-kit/tracing";
import type { Tracer } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterEach, expect, test } from "vitest";

// One trace from leap.run to the webhook, through the dev server: a traced client creates a run whose webhook
// URL carries the create span's traceparent; the dev server runs it and delivers it to node's traced
// webhookHandler, whose span links back to the create span.
const API_KEY = "leap_test_key_end_to_end";
const INPUT = "words-only-the-workflow-may-see";
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const listen = async (server: Server): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/** Creates a traced run on the dev server and resolves once the traced handler has handled its webhook. */
async function runToWebhook(tracer: Tracer): Promise<WorkflowRun> {
  const tracing = openTelemetryTracing(tracer, { propagateToWebhooks: true });
  const devServer: DevServer = await createDevServer({ apiKeys: [API_KEY] });
  closers.push(() => devServer.close());
  let handled: (run: WorkflowRun) => void = () => {};
  const delivered = new Promise<WorkflowRun>((resolve) => {
    handled = resolve;
  });
  const receiver = await listen(createServer(webhookHandler(devServer.webhookSecret, handled, { tracing })));
  const leap = new Workflows({ apiKey: API_KEY, baseUrl: devServer.url, tracing });
  await leap.run({ workflow_id: "wkf_echo", inputs: { text: INPUT }, webhook_url: `${receiver}/hooks/leap` });
  return delivered;
}

test("with the SDK's in-memory exporter: the webhook's span links to the span that created the run", async () => {
  const recorded = await recordSpans();
  const run = await runToWebhook(recorded.tracer);
  const create = recorded.span("leap.runs.create");
  const webhook = await eventually(() => recorded.spans().find((span) => span.name === "leap.webhook"));
  expect(create.attributes).toMatchObject({ "leap.run.id": run.id, "leap.workflow.id": "wkf_echo" });
  expect(webhook.links.map((link) => link.context)).toEqual([
    expect.objectContaining({ traceId: create.spanContext().traceId, spanId: create.spanContext().spanId }),
  ]);
  expect(webhook.attributes).toMatchObject({ "leap.run.id": run.id, "leap.webhook.outcome": "processed" });
  expect(JSON.stringify(recorded.spans().map((span) => span.attributes))).not.toContain(INPUT);
});

/** One span as OTLP/HTTP's JSON protocol carries it. */
interface OtlpSpan {
  traceId: string;
  spanId: string;
  name: string;
  links?: { traceId: string; spanId: string }[];
  attributes?: { key: string; value: { stringValue?: string; intValue?: string | number } }[];
}

test("exported through OTLP/HTTP to a collector on loopback: the create span and the linked webhook span arrive", async () => {
  const received: OtlpSpan[] = [];
  const collector = await listen(
    createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      if (request.url === "/v1/traces" && request.headers["content-type"]?.includes("json")) {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        for (const resource of body.resourceSpans ?? [])
          for (const scope of resource.scopeSpans ?? []) received.push(...(scope.spans ?? []));
      }
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    }),
  );
  const provider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${collector}/v1/traces` }))],
  });
  closers.push(() => provider.shutdown());
  await runToWebhook(provider.getTracer("end-to-end"));
  await provider.forceFlush();
  const create = await eventually(() => received.find((span) => span.name === "leap.runs.create"));
  const webhook = await eventually(() => received.find((span) => span.name === "leap.webhook"));
  expect(webhook.links).toEqual([
    expect.objectContaining({ traceId: create.traceId, spanId: create.spanId }),
  ]);
  const attribute = (span: OtlpSpan, key: string) =>
    span.attributes?.find((entry) => entry.key === key)?.value;
  expect(attribute(webhook, "leap.webhook.verification")).toEqual({ stringValue: "verified" });
  expect(attribute(create, "leap.workflow.id")).toEqual({ stringValue: "wkf_echo" });
  expect(JSON.stringify(received)).not.toContain(INPUT);
  expect(JSON.stringify(received)).not.toContain(API_KEY);
});

/** Polls `find` until it returns something, with a margin a loaded machine cannot miss. */
async function eventually<T>(find: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`not found within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
