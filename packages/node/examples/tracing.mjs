import { createServer } from "node:http";
import { Workflows, webhookHandler } from "@leap-workflows/node";
import { openTelemetryTracing } from "@leap-workflows/node/tracing";
import { trace } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { NodeSDK } from "@opentelemetry/sdk-node";

// Spans go to any OTLP/HTTP endpoint: OTEL_EXPORTER_OTLP_ENDPOINT (default http://localhost:4318).
const sdk = new NodeSDK({ serviceName: "my-app", traceExporter: new OTLPTraceExporter() });
sdk.start();

// One tracing for the client and the webhook handler; the run's webhook URL carries the create span's context.
const tracing = openTelemetryTracing(trace.getTracer("my-app"), { propagateToWebhooks: true });
const leap = new Workflows({ tracing });

const onRun = (run) => console.log("webhook", run.id, run.status);
const handle = webhookHandler(process.env.LEAP_WEBHOOK_SECRET, onRun, { tracing });
let delivered;
const answered = new Promise((resolve) => {
  delivered = resolve;
});
// Its span links to the span of leap.run below; it has ended once handle() resolves.
const server = createServer((req, res) => handle(req, res).then(delivered));
const port = Number(process.env.PORT ?? 3000);
server.listen(port, "127.0.0.1");

const run = await leap.run({
  workflow_id: process.argv[2] ?? "wkf_123",
  inputs: { text: "hello" },
  webhook_url: `http://127.0.0.1:${port}/hooks/leap`,
});
console.log("created", run.id);
await answered;

server.close();
await sdk.shutdown(); // sends the spans still buffered
