import { afterEach, expect, test } from "vitest";
import { createConsoleLogger, createDevServer, type DevServerLogEvent } from "../src/index";
import { eventually, startReceiver } from "./helpers";

// A traceparent the dev server receives on create goes with that run's webhooks as a header, and every log line
// of a request or delivery that carries one names its trace id.
const API_KEY = "leap_test_key_tracing";
const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function start(events: DevServerLogEvent[]) {
  const receiver = await startReceiver((_, index) => (index === 0 ? 503 : 200));
  cleanups.push(receiver.close);
  const server = await createDevServer({
    apiKeys: [API_KEY],
    webhookRetryDelays: [0.05],
    logger: (event) => events.push(event),
  });
  cleanups.push(() => server.close());
  const create = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/v1/runs`, {
      method: "POST",
      headers: { "x-api-key": API_KEY, "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    }).then((response) => response.json() as Promise<{ id: string }>);
  return { receiver, create };
}

test("a create's traceparent header goes with every attempt of the run's webhook, and the log names its trace", async () => {
  const events: DevServerLogEvent[] = [];
  const { receiver, create } = await start(events);
  const run = await create(
    { workflow_id: "wkf_echo", webhook_url: receiver.url },
    { traceparent: TRACEPARENT },
  );
  await eventually(() => receiver.received.length === 2 || undefined);
  expect(receiver.received.map((received) => received.headers.traceparent)).toEqual([
    TRACEPARENT,
    TRACEPARENT,
  ]);
  expect(events).toContainEqual(
    expect.objectContaining({ kind: "request", path: "/v1/runs", traceId: TRACE_ID }),
  );
  const deliveries = await eventually(() => {
    const found = events.filter((event) => event.kind === "delivery");
    return found.length === 2 ? found : undefined;
  });
  expect(deliveries).toEqual([
    expect.objectContaining({ subjectId: run.id, outcome: "retrying", traceId: TRACE_ID }),
    expect.objectContaining({ subjectId: run.id, outcome: "delivered", traceId: TRACE_ID }),
  ]);
});

test("a traceparent in the webhook URL's query names the delivery's trace; no traceparent, no trace id, no header", async () => {
  const events: DevServerLogEvent[] = [];
  const { receiver, create } = await start(events);
  await create({ workflow_id: "wkf_echo", webhook_url: `${receiver.url}?traceparent=${TRACEPARENT}` });
  await eventually(() => receiver.received.length === 2 || undefined);
  // Not a header: only a create's own traceparent header is forwarded as one.
  expect(receiver.received[0]?.headers.traceparent).toBeUndefined();
  await eventually(() => events.filter((event) => event.kind === "delivery").length === 2 || undefined);
  for (const event of events.filter((event) => event.kind === "delivery")) {
    expect(event).toMatchObject({ traceId: TRACE_ID });
  }
  events.length = 0;
  await create({ workflow_id: "wkf_echo", webhook_url: receiver.url }, { traceparent: "00-not-a-trace-01" });
  await eventually(() => receiver.received.length === 3 || undefined);
  expect(receiver.received[2]?.headers.traceparent).toBeUndefined();
  await eventually(() => events.some((event) => event.kind === "delivery") || undefined);
  for (const event of events) expect(event).not.toHaveProperty("traceId");
});

test("pretty lines end with the trace id; json lines carry it as traceId", () => {
  const lines: string[] = [];
  const write = (text: string) => void lines.push(text);
  const now = () => new Date("2026-01-02T03:04:05.000Z");
  const event: DevServerLogEvent = {
    kind: "request",
    method: "POST",
    path: "/v1/runs",
    status: 200,
    durationMs: 2,
    traceId: TRACE_ID,
  };
  createConsoleLogger({ format: "pretty", color: false, stream: { write }, now })(event);
  createConsoleLogger({ format: "json", stream: { write }, now })(event);
  expect(lines[0]).toMatch(new RegExp(`POST /v1/runs 200 2\\.0 ms trace ${TRACE_ID}\\n$`));
  expect(JSON.parse(lines[1] ?? "{}")).toMatchObject({ event: "request", traceId: TRACE_ID });
});
