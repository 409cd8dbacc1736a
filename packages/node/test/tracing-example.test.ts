import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createDevServer, type DevServer } from "@leap-workflows/dev-server";
import { freePort } from "@leap-workflows/test-kit/free-port";
import { afterAll, beforeAll, expect, test } from "vitest";

// guides/observability.md's Node example, run as a user would (`node examples/tracing.mjs`) against the dev
// server, exporting with the OpenTelemetry Node SDK to an OTLP/HTTP collector this test starts on loopback.
const example = fileURLToPath(new URL("../examples/tracing.mjs", import.meta.url));
const guide = readFileSync(new URL("../../../guides/observability.md", import.meta.url), "utf8");
const run = promisify(execFile);

interface OtlpSpan {
  traceId: string;
  spanId: string;
  name: string;
  links?: { traceId: string; spanId: string }[];
}
const spans: OtlpSpan[] = [];
const resources: unknown[] = [];
let devServer: DevServer;
let collector: Server;
let collectorUrl: string;

beforeAll(async () => {
  devServer = await createDevServer();
  collector = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (request.url === "/v1/traces") {
      for (const resource of JSON.parse(Buffer.concat(chunks).toString("utf8")).resourceSpans ?? []) {
        resources.push(resource.resource);
        for (const scope of resource.scopeSpans ?? []) spans.push(...(scope.spans ?? []));
      }
    }
    response.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
  collectorUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await devServer.close();
  collector.closeAllConnections();
  await new Promise<void>((resolve) => collector.close(() => resolve()));
});

test("guides/observability.md shows examples/tracing.mjs verbatim", () => {
  expect(guide).toContain(readFileSync(example, "utf8").trim());
});

test("the Node SDK example exports the create span and the webhook span linked to it", async () => {
  const { stdout } = await run(process.execPath, [example, "wkf_echo"], {
    env: {
      ...process.env,
      LEAP_API_KEY: "leap_dev_key",
      LEAP_BASE_URL: devServer.url,
      LEAP_WEBHOOK_SECRET: devServer.webhookSecret,
      PORT: String(await freePort()),
      OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl,
    },
  });
  const runId = /^created (\S+)$/m.exec(stdout)?.[1];
  expect(stdout).toContain(`webhook ${runId} completed`);
  const create = spans.find((span) => span.name === "leap.runs.create");
  const webhook = spans.find((span) => span.name === "leap.webhook");
  expect(webhook?.links).toEqual([
    expect.objectContaining({ traceId: create?.traceId, spanId: create?.spanId }),
  ]);
  expect(JSON.stringify(resources)).toContain('"my-app"');
}, 60_000);
