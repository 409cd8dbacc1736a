// What tracing costs a request: the node and edge clients without tracing, with OpenTelemetry's no-op tracer (the
// API with no SDK registered) and with the SDK recording every span into its in-memory exporter.

import { Workflows as EdgeWorkflows } from "@leap-workflows/edge";
import { Workflows as NodeWorkflows } from "@leap-workflows/node";
import { openTelemetryTracing } from "@leap-workflows/node/tracing";
import { trace } from "@opentelemetry/api";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { Agent, request } from "undici";
import { startFixtureServer } from "./fixture-server.mjs";
import { measure, RAW_FETCH, RAW_UNDICI } from "./requests.mjs";

const KEY = "leap_bench_key";
const RUN_PARAMS = { workflow_id: "wkf_123", inputs: { foo: "bar" }, webhook_url: "https://app.test/hook" };

/** The three ways to run a client: no tracing, the API's no-op tracer, the SDK into memory (emptied as it fills). */
function tracings() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const sdkTracer = provider.getTracer("bench");
  const recording = {
    startActiveSpan(name, options, fn) {
      if (exporter.getFinishedSpans().length > 10_000) exporter.reset();
      return sdkTracer.startActiveSpan(name, options, fn);
    },
  };
  // No global provider is registered in this process: the API hands out its no-op tracer.
  const noop = trace.getTracer("bench");
  return [
    ["tracing off", undefined],
    ["no-op tracer", openTelemetryTracing(noop, { propagateToWebhooks: true })],
    ["SDK, in-memory exporter", openTelemetryTracing(recording, { propagateToWebhooks: true })],
  ];
}

function contenders(url, call) {
  const agent = new Agent({ connections: 64, keepAliveTimeout: 60_000 });
  const headers = { "x-api-key": KEY, "content-type": "application/json" };
  const options = { apiKey: KEY, baseUrl: url, maxRetries: 0 };
  const raw =
    call === "get"
      ? {
          [RAW_UNDICI]: async () =>
            (await request(`${url}/v1/runs/rnp_1`, { headers, dispatcher: agent })).body.json(),
          [RAW_FETCH]: async () => (await fetch(`${url}/v1/runs/rnp_1`, { headers })).json(),
        }
      : {
          [RAW_UNDICI]: async () =>
            (
              await request(`${url}/v1/runs`, {
                method: "POST",
                headers,
                body: JSON.stringify(RUN_PARAMS),
                dispatcher: agent,
              })
            ).body.json(),
          [RAW_FETCH]: async () =>
            (
              await fetch(`${url}/v1/runs`, { method: "POST", headers, body: JSON.stringify(RUN_PARAMS) })
            ).json(),
        };
  const clients = {};
  for (const [label, tracing] of tracings()) {
    for (const [name, Client] of [
      ["node", NodeWorkflows],
      ["edge", EdgeWorkflows],
    ]) {
      const client = new Client({ ...options, tracing });
      clients[`${name}, ${label}`] =
        call === "get" ? () => client.runs.retrieve("rnp_1") : () => client.runs.create(RUN_PARAMS);
    }
  }
  return { ...raw, ...clients };
}

export const describeTracing =
  "The request-overhead method (same server, rounds and interleaving) for the node (undici) and edge (global fetch) clients: without tracing, with `openTelemetryTracing` over `@opentelemetry/api`'s no-op tracer (no SDK registered), and over the OpenTelemetry SDK's `BasicTracerProvider` with a `SimpleSpanProcessor` into an `InMemorySpanExporter` (every call a recorded span). The POST sends a `webhook_url`, so the traced rows also add the `traceparent` to it.";

export async function benchTracing(log) {
  const server = await startFixtureServer();
  try {
    log("  GET /v1/runs/:id");
    const get = await measure(contenders(server.url, "get"), log);
    log("  POST /v1/runs");
    const post = await measure(contenders(server.url, "post"), log);
    return `### GET /v1/runs/{id} (\`runs.retrieve\`)\n\n${get.markdown}\n\n### POST /v1/runs with a webhook_url (\`runs.create\`)\n\n${post.markdown}`;
  } finally {
    await server.stop();
  }
}
