import { faultQueue } from "@leap-workflows/fault-proxy";
import { rejection } from "@leap-workflows/test-kit/client-suite";
import { fakeBulkRun, fakeRun } from "@leap-workflows/test-kit/fixture-server";
import { type RecordedSpans, recordSpans, spanText } from "@leap-workflows/test-kit/tracing";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import * as z from "zod/mini";
import {
  APITimeoutError,
  APIUserAbortError,
  ConfigurationError,
  defineWorkflow,
  NotFoundError,
  type WorkflowsOptions,
} from "../src/index";
import { openTelemetryTracing } from "../src/tracing";
import { API_KEY, useResilienceRig } from "./resilience-rig";

// The client's spans as the OpenTelemetry SDK records them (its in-memory exporter), against a real server
// behind the fault proxy, on the rig's virtual clock. Runs on Node and in the edge runtime.
const rig = useResilienceRig();
let recorded: RecordedSpans;
const SECRET_INPUT = "input-value-that-must-not-be-traced";
const SECRET_OUTPUT = "output-value-that-must-not-be-traced";

beforeAll(async () => {
  recorded = await recordSpans();
});
beforeEach(() => recorded.reset());

const traced = (options: WorkflowsOptions = {}, propagateToWebhooks = false) =>
  rig.client({ tracing: openTelemetryTracing(recorded.tracer, { propagateToWebhooks }), ...options });

/** Each recorded span's text holds neither the key, nor an input, nor an output. */
function expectNoSecrets(): void {
  for (const span of recorded.spans()) {
    const text = spanText(span);
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain(SECRET_INPUT);
    expect(text).not.toContain(SECRET_OUTPUT);
  }
}

describe("client spans", () => {
  test("runs.create is one CLIENT span under the caller's span, with the workflow, run, status and HTTP status", async () => {
    rig.upstream.handle(() => ({
      status: 201,
      body: fakeRun({ id: "rnp_created", input: { text: SECRET_INPUT } }),
    }));
    const leap = traced();
    await recorded.tracer.startActiveSpan("app", async (app) => {
      await leap.runs.create({ workflow_id: "wkf_123", inputs: { text: SECRET_INPUT } });
      app.end();
    });
    const span = recorded.span("leap.runs.create");
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.parentSpanContext?.spanId).toBe(recorded.span("app").spanContext().spanId);
    expect(span.attributes).toEqual({
      "leap.workflow.id": "wkf_123",
      "leap.run.id": "rnp_created",
      "leap.run.status": "running",
      "http.response.status_code": 201,
    });
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.events).toEqual([]);
    expectNoSecrets();
  });

  test("a retry is an event with its reason, delay and resend count; the span ends with the last answer", async () => {
    rig.upstream.handle(() => ({ body: fakeRun({ id: "rnp_1" }) }));
    rig.proxy.setFaults(faultQueue({ kind: "status", status: 503 }));
    await traced({ maxRetries: 2 }).runs.retrieve("rnp_1");
    const span = recorded.span("leap.runs.retrieve");
    expect(span.events.map((event) => [event.name, event.attributes])).toEqual([
      [
        "leap.retry",
        {
          "http.request.resend_count": 1,
          "leap.retry.delay_ms": Math.round(rig.clock.sleeps[0] as number),
          "error.type": "InternalServerError",
          "http.response.status_code": 503,
        },
      ],
    ]);
    expect(span.attributes["http.response.status_code"]).toBe(200);
    expect(span.attributes["leap.run.id"]).toBe("rnp_1");
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  test("an API error sets status ERROR, error.type and the HTTP status, and records the exception", async () => {
    rig.upstream.handle(() => ({
      status: 404,
      body: { error: { type: "not_found", message: "no such run" } },
    }));
    const error = await rejection(traced().runs.retrieve("rnp_missing"));
    expect(NotFoundError.isInstance(error)).toBe(true);
    const span = recorded.span("leap.runs.retrieve");
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    expect(span.attributes).toMatchObject({
      "error.type": "NotFoundError",
      "http.response.status_code": 404,
      "leap.run.id": "rnp_missing",
    });
    expect(span.events.map((event) => [event.name, event.attributes?.["exception.type"]])).toEqual([
      ["exception", "NotFoundError"],
    ]);
  });

  test("a timeout is an APITimeoutError on the span, after the retries it used", async () => {
    rig.proxy.setFaults(() => {
      queueMicrotask(() => rig.clock.advance(30_000));
      return { kind: "stall-headers" };
    });
    const error = await rejection(traced({ timeout: 30_000, maxRetries: 1 }).runs.retrieve("rnp_1"));
    expect(APITimeoutError.isInstance(error)).toBe(true);
    const span = recorded.span("leap.runs.retrieve");
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes["error.type"]).toBe("APITimeoutError");
    expect(span.events.map((event) => event.name)).toEqual(["leap.retry", "exception"]);
    expect(span.events[0]?.attributes?.["error.type"]).toBe("APITimeoutError");
  });

  test("an abort ends the span with APIUserAbortError", async () => {
    const error = await rejection(
      traced().runs.create({ workflow_id: "wkf_1" }, { signal: AbortSignal.abort() }),
    );
    expect(APIUserAbortError.isInstance(error)).toBe(true);
    const span = recorded.span("leap.runs.create");
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes).toEqual({ "leap.workflow.id": "wkf_1", "error.type": "APIUserAbortError" });
  });

  test("wait is one span whose polls are events, ending with the final status", async () => {
    let polls = 0;
    rig.upstream.handle(() => {
      polls++;
      return {
        body: fakeRun({
          id: "rnp_1",
          ...(polls < 3 ? {} : { status: "completed", output: { text: SECRET_OUTPUT } }),
        }),
      };
    });
    rig.proxy.setFaults(faultQueue({ kind: "pass" }, { kind: "status", status: 503 }));
    await traced({ maxRetries: 0 }).runs.wait("rnp_1", { initialInterval: 5 });
    expect(recorded.spans().map((span) => span.name)).toEqual(["leap.runs.wait"]);
    const span = recorded.span("leap.runs.wait");
    expect(span.events.map((event) => [event.name, event.attributes])).toEqual([
      ["leap.poll", { "leap.run.status": "running" }],
      ["leap.poll", { "error.type": "InternalServerError" }],
      ["leap.poll", { "leap.run.status": "running" }],
      ["leap.poll", { "leap.run.status": "completed" }],
    ]);
    expect(span.attributes).toMatchObject({
      "leap.run.id": "rnp_1",
      "leap.run.status": "completed",
      "leap.workflow.id": "wkf_123",
      "leap.poll.count": 4,
    });
    expectNoSecrets();
  });

  test("a wait that times out ends with WaitTimeoutError", async () => {
    rig.upstream.handle(() => ({ body: fakeRun() }));
    await rejection(traced().runs.wait("rnp_1", { timeout: 1_000, initialInterval: 400 }));
    const span = recorded.span("leap.runs.wait");
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes["error.type"]).toBe("WaitTimeoutError");
  });

  test("runAndWait is one span: its create and its polls report there", async () => {
    let reads = 0;
    rig.upstream.handle((request) =>
      request.method === "POST"
        ? { status: 201, body: fakeRun({ status: "queued" }) }
        : { body: ++reads < 2 ? fakeRun() : fakeRun({ status: "failed" }) },
    );
    await traced().runAndWait(
      { workflow_id: "wkf_123", inputs: { a: SECRET_INPUT } },
      { initialInterval: 5 },
    );
    expect(recorded.spans().map((span) => span.name)).toEqual(["leap.runs.createAndWait"]);
    const span = recorded.span("leap.runs.createAndWait");
    expect(span.attributes).toMatchObject({ "leap.run.status": "failed", "leap.poll.count": 2 });
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expectNoSecrets();
  });

  test("a typed run and runAndWait are spans named leap.run and leap.runAndWait, with the workflow's id", async () => {
    const summarize = defineWorkflow({
      id: "wkf_typed",
      inputs: z.object({ text: z.string() }),
      output: z.object({ summary: z.string() }),
    });
    rig.upstream.handle((request) =>
      request.method === "POST"
        ? { status: 201, body: fakeRun({ workflow_id: "wkf_typed" }) }
        : {
            body: fakeRun({
              workflow_id: "wkf_typed",
              status: "completed",
              output: { summary: SECRET_OUTPUT },
            }),
          },
    );
    const leap = traced();
    await leap.run(summarize, { text: SECRET_INPUT });
    await leap.runAndWait(summarize, { text: SECRET_INPUT }, { initialInterval: 5 });
    expect(recorded.spans().map((span) => span.name)).toEqual(["leap.run", "leap.runAndWait"]);
    expect(recorded.span("leap.run").attributes).toMatchObject({ "leap.workflow.id": "wkf_typed" });
    expect(recorded.span("leap.runAndWait").attributes).toMatchObject({
      "leap.workflow.id": "wkf_typed",
      "leap.run.status": "completed",
    });
    expectNoSecrets();
  });

  test("bulk runs: create and retrieve spans name the bulk run", async () => {
    rig.upstream.handle((request) => ({
      status: request.method === "POST" ? 201 : 200,
      body: fakeBulkRun(),
    }));
    const leap = traced();
    await leap.bulkRuns.create({ workflow_id: "wkf_123", input_csv_url: "https://example.test/in.csv" });
    await leap.bulkRuns.retrieve("bulk_9Nmenl7rxIu2FiSsnqNyTe9G");
    expect(recorded.spans().map((span) => span.name)).toEqual([
      "leap.bulkRuns.create",
      "leap.bulkRuns.retrieve",
    ]);
    for (const span of recorded.spans()) {
      expect(span.attributes).toMatchObject({
        "leap.bulk_run.id": "bulk_9Nmenl7rxIu2FiSsnqNyTe9G",
        "leap.bulk_run.status": "running",
        "leap.workflow.id": "wkf_123",
      });
    }
  });
});

test("a Tracer passed where openTelemetryTracing(tracer) belongs is a ConfigurationError naming the option", () => {
  const wrong = { tracing: recorded.tracer } as unknown as WorkflowsOptions;
  expect(() => rig.client(wrong)).toThrow(ConfigurationError);
  expect(() => rig.client(wrong)).toThrow(/^tracing: expected openTelemetryTracing\(tracer\)/);
});

describe("the trace goes with the run to its webhook", () => {
  const webhookUrlSent = (index: number): string =>
    JSON.parse(rig.upstream.requests[index]?.body ?? "{}").webhook_url;

  test("the creating span's traceparent joins the webhook_url's query, the same on every retry", async () => {
    let attempts = 0;
    rig.upstream.handle(() =>
      ++attempts === 1 ? { status: 503, body: {} } : { status: 201, body: fakeRun() },
    );
    await traced({ maxRetries: 1 }, true).runs.create({
      workflow_id: "wkf_123",
      webhook_url: "https://hooks.example.test/leap?tenant=7#top",
    });
    const { traceId, spanId } = recorded.span("leap.runs.create").spanContext();
    expect(rig.upstream.requests).toHaveLength(2);
    expect(webhookUrlSent(0)).toBe(
      `https://hooks.example.test/leap?tenant=7&traceparent=00-${traceId}-${spanId}-01#top`,
    );
    // One body for both attempts: the Idempotency-Key's fingerprint on the server stays the same.
    expect(rig.upstream.requests[1]?.body).toBe(rig.upstream.requests[0]?.body);
    expect(rig.upstream.requests[1]?.headers["idempotency-key"]).toBe(
      rig.upstream.requests[0]?.headers["idempotency-key"],
    );
  });

  test("off by default, and off for a call given its own idempotency key", async () => {
    const webhook_url = "https://hooks.example.test/leap";
    await traced().runs.create({ workflow_id: "wkf_123", webhook_url });
    await traced({}, true).runs.create({ workflow_id: "wkf_123", webhook_url }, { idempotencyKey: "k-1" });
    expect([webhookUrlSent(0), webhookUrlSent(1)]).toEqual([webhook_url, webhook_url]);
  });

  test("without tracing nothing on the wire changes", async () => {
    const webhook_url = "https://hooks.example.test/leap";
    await rig.client().runs.create({ workflow_id: "wkf_123", webhook_url });
    expect(webhookUrlSent(0)).toBe(webhook_url);
    expect(recorded.spans()).toEqual([]);
  });
});
