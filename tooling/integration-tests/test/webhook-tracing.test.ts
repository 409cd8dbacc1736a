import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  ConfigurationError,
  createMemoryIdStore,
  generateWebhookSecret,
  type OnRun,
  type WebhookHandlerOptions,
} from "@leap-workflows/core";
import { webhookHandler as edgeHandler } from "@leap-workflows/edge";
import {
  webhookFetchHandler as nodeFetchHandler,
  webhookHandler as nodeHandler,
  processWebhookOnce,
} from "@leap-workflows/node";
import { openTelemetryTracing, webhookTraceContext } from "@leap-workflows/node/tracing";
import { type RecordedSpans, recordSpans, spanText } from "@leap-workflows/test-kit/tracing";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import { RUN, SECRET, signed } from "./webhook-twins/deliveries";
import type { Sent } from "./webhook-twins/runtimes";

// Every handler shape, traced: node's webhookHandler behind node:http, node's webhookFetchHandler and edge's
// webhookHandler called with a Fetch Request. Each delivery is one span that links to the span named by the
// request's traceparent (query string or header) and tells what the handler did.

const CREATOR = { traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7" };
const TRACEPARENT = `00-${CREATOR.traceId}-${CREATOR.spanId}-01`;
const USER_ERROR = "onRun failed with a detail of the receiver";

type Serve = (
  onRun: OnRun,
  options: WebhookHandlerOptions,
) => Promise<{ send(sent: Sent, query: string): Promise<number>; close(): Promise<void> }>;

const fetchShape =
  (make: (onRun: OnRun, options: WebhookHandlerOptions) => (request: Request) => Promise<Response>): Serve =>
  async (onRun, options) => {
    const handle = make(onRun, options);
    return {
      send: async (sent, query) =>
        (await handle(new Request(`http://receiver.test/hooks/leap${query}`, sent))).status,
      close: async () => {},
    };
  };

const SHAPES: [string, Serve][] = [
  [
    "node webhookHandler",
    async (onRun, options) => {
      const server = createServer(nodeHandler(SECRET, onRun, options));
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/leap`;
      return {
        send: async (sent, query) => (await fetch(`${base}${query}`, sent)).status,
        close: () =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      };
    },
  ],
  ["node webhookFetchHandler", fetchShape((onRun, options) => nodeFetchHandler(SECRET, onRun, options))],
  ["edge webhookHandler", fetchShape((onRun, options) => edgeHandler(SECRET, onRun, options))],
];

let recorded: RecordedSpans;
beforeAll(async () => {
  recorded = await recordSpans();
});
beforeEach(() => recorded.reset());

describe.each(SHAPES)("%s with tracing", (_name, serve) => {
  test("a delivery is one span linked to the creating span, with the verification, outcome and onRun time", async () => {
    const receiver = await serve(() => {}, { tracing: openTelemetryTracing(recorded.tracer) });
    try {
      const delivery = await signed(RUN, { id: "msg_traced_1" });
      expect(await receiver.send(delivery, `?tenant=7&traceparent=${TRACEPARENT}`)).toBe(200);
      expect(await receiver.send(delivery, `?tenant=7&traceparent=${TRACEPARENT}`)).toBe(200);
    } finally {
      await receiver.close();
    }
    const [first, second] = recorded.spans();
    expect(recorded.spans()).toHaveLength(2);
    expect(first?.name).toBe("leap.webhook");
    expect(first?.kind).toBe(SpanKind.CONSUMER);
    expect(first?.links.map((link) => link.context)).toEqual([{ ...CREATOR, traceFlags: 1, isRemote: true }]);
    expect(first?.attributes).toMatchObject({
      "messaging.operation.type": "process",
      "messaging.message.id": "msg_traced_1",
      "leap.webhook.verification": "verified",
      "leap.webhook.outcome": "processed",
      "leap.run.id": RUN.id,
      "leap.run.status": "completed",
      "leap.workflow.id": RUN.workflow_id,
      "http.response.status_code": 200,
    });
    expect(first?.attributes["leap.webhook.on_run.duration_ms"]).toBeGreaterThanOrEqual(0);
    expect(first?.status.code).toBe(SpanStatusCode.UNSET);
    expect(second?.attributes["leap.webhook.outcome"]).toBe("duplicate");
    expect(second?.attributes).not.toHaveProperty("leap.webhook.on_run.duration_ms");
    for (const span of recorded.spans()) {
      expect(spanText(span)).not.toContain("answer"); // the run's output, { answer: 42 }
      expect(spanText(span)).not.toContain(SECRET.slice(6));
    }
  });

  test("the context comes from a traceparent header when the URL has none", async () => {
    const receiver = await serve(() => {}, { tracing: openTelemetryTracing(recorded.tracer) });
    try {
      const delivery = await signed(RUN);
      await receiver.send({ ...delivery, headers: { ...delivery.headers, traceparent: TRACEPARENT } }, "");
    } finally {
      await receiver.close();
    }
    expect(recorded.span("leap.webhook").links[0]?.context.spanId).toBe(CREATOR.spanId);
  });

  test("a refused delivery records why; a failing onRun sets status ERROR without its message", async () => {
    const receiver = await serve(
      () => {
        throw new Error(USER_ERROR);
      },
      { tracing: openTelemetryTracing(recorded.tracer), onError: () => {} },
    );
    try {
      expect(await receiver.send(await signed(RUN, { secret: generateWebhookSecret() }), "")).toBe(401);
      expect(await receiver.send(await signed(RUN), "")).toBe(500);
    } finally {
      await receiver.close();
    }
    const [refused, failed] = recorded.spans();
    expect(refused?.links).toEqual([]);
    expect(refused?.attributes).toMatchObject({
      "leap.webhook.verification": "refused",
      "leap.webhook.verification.reason": "no_matching_signature",
      "http.response.status_code": 401,
    });
    expect(refused?.status.code).toBe(SpanStatusCode.UNSET);
    expect(failed?.attributes).toMatchObject({
      "leap.webhook.verification": "verified",
      "leap.webhook.outcome": "failed",
      "error.type": "Error",
      "http.response.status_code": 500,
    });
    expect(failed?.status).toEqual({ code: SpanStatusCode.ERROR, message: "Error" });
    expect(spanText(failed as never)).not.toContain(USER_ERROR);
  });
});

describe("processWebhookOnce and webhookTraceContext, for verifyWebhook users", () => {
  test("webhookTraceContext reads the URL's traceparent, else the header; a malformed one is none", () => {
    const context = { ...CREATOR, traceFlags: 1, isRemote: true };
    expect(webhookTraceContext(`https://app.test/hook?traceparent=${TRACEPARENT}`)).toEqual(context);
    expect(webhookTraceContext(`/hook?x=1&traceparent=${TRACEPARENT}`)).toEqual(context);
    expect(webhookTraceContext("/hook", new Headers({ traceparent: TRACEPARENT }))).toEqual(context);
    expect(webhookTraceContext("/hook?traceparent=00-abc-def-01")).toBeUndefined();
    expect(
      webhookTraceContext(`/hook?traceparent=00-${"0".repeat(32)}-${CREATOR.spanId}-01`),
    ).toBeUndefined();
  });

  test("a traced processWebhookOnce is a span linked to the given context, with its outcome", async () => {
    const store = createMemoryIdStore();
    const options = {
      tracing: openTelemetryTracing(recorded.tracer),
      traceContext: webhookTraceContext(`/hook?traceparent=${TRACEPARENT}`),
    };
    expect(await processWebhookOnce(store, "msg_once", () => {}, options)).toBe("processed");
    expect(await processWebhookOnce(store, "msg_once", () => {}, options)).toBe("duplicate");
    const spans = recorded.spans();
    expect(spans.map((span) => span.name)).toEqual(["leap.processWebhookOnce", "leap.processWebhookOnce"]);
    expect(spans.map((span) => span.attributes["leap.webhook.outcome"])).toEqual(["processed", "duplicate"]);
    expect(spans[0]?.attributes["messaging.message.id"]).toBe("msg_once");
    expect(spans[0]?.links[0]?.context.traceId).toBe(CREATOR.traceId);
  });

  test("a Tracer passed where openTelemetryTracing(tracer) belongs is a ConfigurationError, at setup", async () => {
    const wrong = { tracing: recorded.tracer } as unknown as WebhookHandlerOptions;
    for (const make of [nodeHandler, nodeFetchHandler, edgeHandler]) {
      expect(() => make(SECRET, () => {}, wrong)).toThrow(
        /^tracing: expected openTelemetryTracing\(tracer\)/,
      );
    }
    const store = createMemoryIdStore();
    await expect(processWebhookOnce(store, "msg_wrong", () => {}, wrong)).rejects.toThrow(ConfigurationError);
  });
});
