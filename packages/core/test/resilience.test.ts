import {
  type Fault,
  type FaultProxy,
  type ProxiedRequest,
  startFaultProxy,
} from "@leap-workflows/fault-proxy";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import {
  APIError,
  APITimeoutError,
  APIUserAbortError,
  InvalidResponseError,
  type Logger,
  RateLimitError,
  Workflows,
  type WorkflowsOptions,
} from "../src/index";
import { rejection } from "./client-suite";
import { type FixtureServer, fakeRun, startFixtureServer } from "./fixture-server";

const API_KEY = "sk_resilience_secret_91b2";

let upstream: FixtureServer;
let proxy: FaultProxy;
const logs: { message: string; data?: Record<string, unknown> }[] = [];
const logger: Logger = {
  debug: (message, data) => logs.push({ message, data }),
  warn: (message, data) => logs.push({ message, data }),
};
const client = (options: WorkflowsOptions = {}) =>
  new Workflows({ apiKey: API_KEY, baseUrl: proxy.url, logger, timeout: 2_000, ...options });
const decisions = () =>
  logs.filter((line) => line.message === "request failed").map((line) => line.data ?? {});

beforeAll(async () => {
  upstream = await startFixtureServer();
  proxy = await startFaultProxy(upstream.url);
});
afterAll(async () => {
  await proxy.close();
  await upstream.close();
});
beforeEach(() => {
  logs.length = 0;
  proxy.seen.length = 0;
  upstream.requests.length = 0;
  upstream.handle((request) => ({ status: request.method === "POST" ? 201 : 200, body: fakeRun() }));
  proxy.setFaults(() => ({ kind: "pass" }));
});

/** Faults for the first requests, then pass. */
const firstFaults =
  (...faults: Fault[]) =>
  ({ index }: ProxiedRequest): Fault =>
    faults[index] ?? { kind: "pass" };

describe("retries", () => {
  test.each([500, 502, 503, 408])("%i is retried until it succeeds", async (status) => {
    proxy.setFaults(firstFaults({ kind: "status", status }, { kind: "status", status }));
    expect((await client({ maxRetries: 2 }).runs.retrieve("rnp_1")).id).toBe("rnp_x3p27VQk6MyJfLe");
    expect(proxy.seen).toHaveLength(3);
  });

  test("retries stop at maxRetries (per-call override wins) and the last error is thrown", async () => {
    proxy.setFaults(() => ({ kind: "status", status: 503 }));
    const error = await rejection(client({ maxRetries: 5 }).runs.retrieve("rnp_1", { maxRetries: 1 }));
    expect(APIError.isInstance(error) && error.status).toBe(503);
    expect(proxy.seen).toHaveLength(2);
  });

  test.each([400, 401, 403, 404, 422])("%i is never retried", async (status) => {
    proxy.setFaults(() => ({ kind: "status", status }));
    expect(APIError.isInstance(await rejection(client({ maxRetries: 3 }).runs.retrieve("rnp_1")))).toBe(true);
    expect(proxy.seen).toHaveLength(1);
  });

  test("409 is retried only when the server marks it retryable", async () => {
    proxy.setFaults(() => ({ kind: "status", status: 409 }));
    await rejection(client({ maxRetries: 2 }).runs.retrieve("rnp_1"));
    expect(proxy.seen).toHaveLength(1);
    proxy.seen.length = 0;
    proxy.setFaults(firstFaults({ kind: "status", status: 409, headers: { "x-should-retry": "true" } }));
    await client({ maxRetries: 2 }).runs.retrieve("rnp_1");
    expect(proxy.seen).toHaveLength(2);
  });

  test("Retry-After in seconds, as an HTTP date, and retry-after-ms decide the delay", async () => {
    const inTwoSeconds = new Date(Date.now() + 2_000).toUTCString();
    proxy.setFaults(
      firstFaults(
        { kind: "status", status: 429, headers: { "retry-after": "1" } },
        { kind: "status", status: 429, headers: { "retry-after": inTwoSeconds } },
        { kind: "status", status: 503, headers: { "retry-after-ms": "20" } },
      ),
    );
    await client({ maxRetries: 3 }).runs.retrieve("rnp_1");
    const delays = decisions().map((decision) => decision.delayMs as number);
    expect(delays[0]).toBe(1_000);
    expect(delays[1]).toBeGreaterThan(0);
    expect(delays[1]).toBeLessThanOrEqual(2_000);
    expect(delays[2]).toBe(20);
  }, 10_000);

  test("backoff grows exponentially with jitter when the server gives no delay", async () => {
    proxy.setFaults(
      firstFaults(...Array.from({ length: 3 }, () => ({ kind: "status" as const, status: 500 }))),
    );
    await client({ maxRetries: 3 }).runs.retrieve("rnp_1");
    const delays = decisions().map((decision) => decision.delayMs as number);
    expect(delays[0]).toBeGreaterThanOrEqual(250);
    expect(delays[0]).toBeLessThanOrEqual(500);
    expect(delays[1]).toBeGreaterThanOrEqual(500);
    expect(delays[1]).toBeLessThanOrEqual(1_000);
    expect(delays[2]).toBeGreaterThanOrEqual(1_000);
    expect(delays[2]).toBeLessThanOrEqual(2_000);
  }, 10_000);

  test("connection resets, truncated and non-JSON bodies are retried", async () => {
    proxy.setFaults(firstFaults({ kind: "reset-before" }, { kind: "truncate" }, { kind: "non-json" }));
    expect((await client({ maxRetries: 3 }).runs.retrieve("rnp_1")).status).toBe("running");
    expect(proxy.seen).toHaveLength(4);
  }, 10_000);

  test("the wrong content type on a valid JSON body is tolerated", async () => {
    proxy.setFaults(() => ({ kind: "wrong-content-type" }));
    expect((await client({ maxRetries: 0 }).runs.retrieve("rnp_1")).id).toBe("rnp_x3p27VQk6MyJfLe");
  });

  test("a body that keeps breaking the contract is not retried", async () => {
    upstream.handle(() => ({ body: fakeRun({ status: 7 }) }));
    expect(
      InvalidResponseError.isInstance(await rejection(client({ maxRetries: 3 }).runs.retrieve("rnp_1"))),
    ).toBe(true);
    expect(proxy.seen).toHaveLength(1);
  });
});

describe("idempotency", () => {
  test("every retry of a POST reuses its Idempotency-Key, and another call gets a new one", async () => {
    proxy.setFaults(firstFaults({ kind: "reset-after" }, { kind: "status", status: 502 }));
    const leap = client({ maxRetries: 3 });
    await leap.run({ workflow_id: "wkf_1" });
    await leap.run({ workflow_id: "wkf_1" });
    const keys = proxy.seen.map((request) => request.headers["idempotency-key"]);
    expect(keys).toHaveLength(4);
    expect(new Set(keys.slice(0, 3)).size).toBe(1);
    expect(keys[3]).not.toBe(keys[0]);
    // The reset-after attempt did reach the API: the retry could only be safe because of the shared key.
    expect(upstream.requests.filter((request) => request.method === "POST")).toHaveLength(3);
  });

  test("the caller's own Idempotency-Key is sent as is", async () => {
    await client().run({ workflow_id: "wkf_1" }, { idempotencyKey: "order-42" });
    expect(proxy.seen[0]?.headers["idempotency-key"]).toBe("order-42");
  });
});

describe("timeouts and cancellation", () => {
  test("a response that never starts times out, and the timeout is retried", async () => {
    proxy.setFaults(firstFaults({ kind: "stall-headers" }));
    expect((await client({ timeout: 150, maxRetries: 1 }).runs.retrieve("rnp_1")).id).toBeTruthy();
    expect(proxy.seen).toHaveLength(2);
  });

  test("a body that stalls past the timeout is an APITimeoutError", async () => {
    proxy.setFaults(() => ({ kind: "stall-body" }));
    const error = await rejection(client({ timeout: 150, maxRetries: 0 }).runs.retrieve("rnp_1"));
    expect(APITimeoutError.isInstance(error)).toBe(true);
  });

  test("aborting during a backoff stops at once", async () => {
    proxy.setFaults(() => ({ kind: "status", status: 429, headers: { "retry-after": "30" } }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await rejection(
      client({ maxRetries: 3 }).runs.retrieve("rnp_1", { signal: controller.signal }),
    );
    expect(APIUserAbortError.isInstance(error)).toBe(true);
    expect(proxy.seen).toHaveLength(1);
  });

  test("a Retry-After beyond a minute is not waited for", async () => {
    proxy.setFaults(() => ({ kind: "status", status: 429, headers: { "retry-after": "3600" } }));
    const error = await rejection(client({ maxRetries: 1 }).runs.retrieve("rnp_1"));
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(decisions()[0]?.delayMs).toBeLessThanOrEqual(500);
  });
});

describe("wait", () => {
  test("transient failures while polling are ridden out", async () => {
    let polls = 0;
    upstream.handle(() => {
      polls++;
      return { body: polls < 4 ? fakeRun() : fakeRun({ status: "completed", output: 1 }) };
    });
    proxy.setFaults(({ index }) =>
      index % 2 === 1
        ? { kind: "status", status: 503 }
        : index === 2
          ? { kind: "reset-before" }
          : { kind: "pass" },
    );
    const run = await client({ maxRetries: 0 }).runs.wait("rnp_1", { initialInterval: 5 });
    expect(run.status).toBe("completed");
    expect(proxy.seen.some((request) => request.fault !== "pass")).toBe(true);
  });

  test("the poll interval grows to its cap, keeping the number of polls small", async () => {
    upstream.handle(() => ({ body: fakeRun() }));
    const times: number[] = [];
    proxy.setFaults(() => {
      times.push(Date.now());
      return { kind: "pass" };
    });
    await rejection(client().runs.wait("rnp_1", { timeout: 1_500, initialInterval: 100, maxInterval: 400 }));
    // 100, 150, 225, 337, 400, 400: about 7 polls in 1.5 s, never one per interval of the first delay.
    expect(times.length).toBeGreaterThanOrEqual(5);
    expect(times.length).toBeLessThanOrEqual(9);
  }, 10_000);
});

describe("observability", () => {
  test("the logger hears every attempt, status, decision and delay, and never the API key", async () => {
    proxy.setFaults(firstFaults({ kind: "status", status: 503, headers: { "retry-after-ms": "1" } }));
    await client({ maxRetries: 2 }).run({ workflow_id: "wkf_1" });
    expect(decisions()[0]).toMatchObject({
      method: "POST",
      attempt: 0,
      status: 503,
      retry: true,
      delayMs: 1,
    });
    expect(logs.some((line) => line.message === "request succeeded" && line.data?.attempt === 1)).toBe(true);
    expect(JSON.stringify(logs)).not.toContain(API_KEY);
  });
});
