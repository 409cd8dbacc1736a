// src/index.ts of a Worker that traces its runs and their webhooks to an OTLP/HTTP endpoint (OTLP_ENDPOINT,
// e.g. https://otlp.example.com/v1/traces), with `wrangler secret put` LEAP_API_KEY and LEAP_WEBHOOK_SECRET.
import { Workflows, webhookHandler } from "@leap-workflows/edge";
import { openTelemetryTracing } from "@leap-workflows/edge/tracing";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";

interface Env {
  LEAP_API_KEY: string;
  LEAP_WEBHOOK_SECRET: string;
  LEAP_BASE_URL?: string;
  OTLP_ENDPOINT: string;
}

/** `waitUntil` keeps the Worker alive after its answer until the spans are sent. */
interface Context {
  waitUntil(promise: Promise<unknown>): void;
}

export default {
  async fetch(request: Request, env: Env, context: Context): Promise<Response> {
    const provider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: env.OTLP_ENDPOINT }))],
    });
    const tracing = openTelemetryTracing(provider.getTracer("my-worker"), { propagateToWebhooks: true });
    try {
      // POST /hooks/leap: the webhook. Its span links to the span that created the run.
      if (request.method === "POST" && new URL(request.url).pathname === "/hooks/leap") {
        const onRun = (run: { id: string; status: string }) => console.log("webhook", run.id, run.status);
        return await webhookHandler(env.LEAP_WEBHOOK_SECRET, onRun, { tracing })(request);
      }
      // Anything else starts a run whose webhook comes back to this Worker, carrying the trace.
      const leap = new Workflows({ apiKey: env.LEAP_API_KEY, baseUrl: env.LEAP_BASE_URL, tracing });
      const run = await leap.run({
        workflow_id: "wkf_echo",
        inputs: { name: "Ada" },
        webhook_url: new URL("/hooks/leap", request.url).href,
      });
      return Response.json({ id: run.id });
    } finally {
      context.waitUntil(provider.forceFlush());
    }
  },
};
