import { type FaultProxy, faultQueue, startFaultProxy } from "@leap-workflows/fault-proxy";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import {
  APIError,
  APITimeoutError,
  APIUserAbortError,
  InvalidResponseError,
  type Logger,
  RateLimitError,
  ValidationError,
  WaitTimeoutError,
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

describe("retries", () => {
  test.each([500, 502, 503, 408])("%i is retried until it succeeds", async (status) => {
    // A short retry-after-ms keeps this quick; the plain backoff has its own test below.
    const fault = { kind: "status", status, headers: { "retry-after-ms": "1" } } as const;
    proxy.setFaults(faultQueue(fault, fault));
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
    proxy.setFaults(faultQueue({ kind: "status", status: 409, headers: { "x-should-retry": "true" } }));
    await client({ maxRetries: 2 }).runs.retrieve("rnp_1");
    expect(proxy.seen).toHaveLength(2);
  });

  test("x-should-retry: true never makes another 4xx retryable, and x-should-retry: false stops any retry", async () => {
    for (const status of [400, 401, 404, 422]) {
      proxy.setFaults(() => ({ kind: "status", status, headers: { "x-should-retry": "true" } }));
      await rejection(client({ maxRetries: 2 }).runs.retrieve("rnp_1"));
    }
    expect(proxy.seen).toHaveLength(4);
    proxy.seen.length = 0;
    proxy.setFaults(() => ({ kind: "status", status: 503, headers: { "x-should-retry": "false" } }));
    const error = await rejection(client({ maxRetries: 2 }).runs.retrieve("rnp_1"));
    expect(APIError.isInstance(error) && error.status).toBe(503);
    expect(proxy.seen).toHaveLength(1);
  });

  test("Retry-After in seconds, as an HTTP date, and retry-after-ms decide the delay", async () => {
    const inTwoSeconds = new Date(Date.now() + 2_000).toUTCString();
    proxy.setFaults(
      faultQueue(
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
      faultQueue(...Array.from({ length: 3 }, () => ({ kind: "status" as const, status: 500 }))),
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
    proxy.setFaults(faultQueue({ kind: "reset-before" }, { kind: "truncate" }, { kind: "non-json" }));
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
    proxy.setFaults(faultQueue({ kind: "reset-after" }, { kind: "status", status: 502 }));
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

  test("a key given as a plain header, in any case, is the one key sent and reused", async () => {
    proxy.setFaults(faultQueue({ kind: "reset-after" }));
    await client({ headers: { "X-Api-Key": "not-this-one" } }).run(
      { workflow_id: "wkf_1" },
      { headers: { "Idempotency-Key": "order-7" } },
    );
    expect(proxy.seen.map((request) => request.headers["idempotency-key"])).toEqual(["order-7", "order-7"]);
    expect(proxy.seen.map((request) => request.headers["x-api-key"])).toEqual([API_KEY, API_KEY]);
  });

  test("the caller's own Idempotency-Key is sent as is", async () => {
    await client().run({ workflow_id: "wkf_1" }, { idempotencyKey: "order-42" });
    expect(proxy.seen[0]?.headers["idempotency-key"]).toBe("order-42");
  });
});

describe("timeouts and cancellation", () => {
  test("a response that never starts times out, and the timeout is retried", async () => {
    proxy.setFaults(faultQueue({ kind: "stall-headers" }));
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

  test("a timeout during a stalled body is retried, and the retry can succeed", async () => {
    proxy.setFaults(faultQueue({ kind: "stall-body" }));
    expect((await client({ timeout: 150, maxRetries: 1 }).runs.retrieve("rnp_1")).id).toBeTruthy();
    expect(decisions()[0]).toMatchObject({ error: "APITimeoutError", retry: true });
    expect(proxy.seen).toHaveLength(2);
  });

  test("aborting while the body stalls ends the call with APIUserAbortError, not a timeout, and no retry", async () => {
    proxy.setFaults(() => ({ kind: "stall-body" }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user left")), 100);
    const error = await rejection(
      client({ timeout: 30_000, maxRetries: 3 }).runs.retrieve("rnp_1", { signal: controller.signal }),
    );
    expect(APIUserAbortError.isInstance(error)).toBe(true);
    expect((error as Error).cause).toEqual(new Error("user left"));
    expect(proxy.seen).toHaveLength(1);
  });

  test("an already aborted signal sends nothing", async () => {
    const error = await rejection(client().run({ workflow_id: "wkf_1" }, { signal: AbortSignal.abort() }));
    expect(APIUserAbortError.isInstance(error)).toBe(true);
    expect(proxy.seen).toHaveLength(0);
  });

  test("bad per-call numbers are a ValidationError naming each option, and nothing is sent", async () => {
    const leap = client();
    const error = await rejection(leap.runs.retrieve("rnp_1", { timeout: -1, maxRetries: 1.5 as number }));
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(["timeout", "maxRetries"]);
    const waitError = await rejection(
      leap.runs.wait("rnp_1", { initialInterval: 0, timeout: "5000" as unknown as number }),
    );
    expect((waitError as ValidationError).issues.map((issue) => issue.path)).toEqual([
      "timeout",
      "initialInterval",
    ]);
    expect((waitError as Error).message).toContain('received "5000"');
    expect(proxy.seen).toHaveLength(0);
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
    const error = await rejection(
      client().runs.wait("rnp_1", { timeout: 1_500, initialInterval: 100, maxInterval: 400 }),
    );
    expect(WaitTimeoutError.isInstance(error) && error.lastSeen?.status).toBe("running");
    // 100, 150, 225, 337, 400, 400: about 7 polls in 1.5 s, never one per interval of the first delay.
    expect(times.length).toBeGreaterThanOrEqual(5);
    expect(times.length).toBeLessThanOrEqual(9);
  }, 10_000);
});

describe("wait: cancellation, rate limits and long timeouts", () => {
  test("aborting a wait ends it at once, between polls and during a stalled poll", async () => {
    upstream.handle(() => ({ body: fakeRun() }));
    const between = new AbortController();
    setTimeout(() => between.abort(), 100);
    const leap = client({ maxRetries: 0 });
    const error = await rejection(
      leap.runs.wait("rnp_1", { initialInterval: 30_000, signal: between.signal }),
    );
    expect(APIUserAbortError.isInstance(error)).toBe(true);
    expect(proxy.seen).toHaveLength(1);

    proxy.setFaults(() => ({ kind: "stall-headers" }));
    const during = new AbortController();
    setTimeout(() => during.abort(), 100);
    const duringError = await rejection(leap.runs.wait("rnp_1", { signal: during.signal }));
    expect(APIUserAbortError.isInstance(duringError)).toBe(true);
  });

  test("a rate-limited poll waits at least as long as the server asked", async () => {
    let polls = 0;
    upstream.handle(() => ({ body: ++polls < 2 ? fakeRun() : fakeRun({ status: "completed", output: 1 }) }));
    const times: number[] = [];
    proxy.setFaults((request) => {
      times.push(Date.now());
      return request.index === 0
        ? { kind: "status", status: 429, headers: { "retry-after-ms": "300" } }
        : { kind: "pass" };
    });
    const run = await client({ maxRetries: 0 }).runs.wait("rnp_1", { initialInterval: 5 });
    expect(run.status).toBe("completed");
    expect(logs.find((line) => line.message.startsWith("poll failed"))?.data?.delayMs).toBe(300);
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(290);
  });

  test("a wait timeout beyond setTimeout's 32-bit range (or Infinity) does not fire at once", async () => {
    let polls = 0;
    upstream.handle(() => ({ body: ++polls % 3 ? fakeRun() : fakeRun({ status: "completed", output: 1 }) }));
    for (const timeout of [3_000_000_000, Number.POSITIVE_INFINITY]) {
      const run = await client().runs.wait("rnp_1", { timeout, initialInterval: 5 });
      expect(run.status).toBe("completed");
    }
  });
});

describe("observability", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  test("each attempt is logged with its headers, secrets redacted, and the same Idempotency-Key", async () => {
    proxy.setFaults(faultQueue({ kind: "status", status: 502, headers: { "retry-after-ms": "1" } }));
    await client({ headers: { authorization: `Bearer ${API_KEY}` } }).run({ workflow_id: "wkf_1" });
    const attempts = logs.filter((line) => line.message === "request").map((line) => line.data ?? {});
    expect(attempts.map((attempt) => attempt.attempt)).toEqual([0, 1]);
    const headers = attempts.map((attempt) => attempt.headers as Record<string, string>);
    expect(headers[0]?.["x-api-key"]).toBe("[redacted]");
    expect(headers[0]?.authorization).toBe("[redacted]");
    expect(headers[0]?.["idempotency-key"]).toBe(proxy.seen[0]?.headers["idempotency-key"]);
    expect(headers[1]?.["idempotency-key"]).toBe(headers[0]?.["idempotency-key"]);
    expect(JSON.stringify(logs)).not.toContain(API_KEY);
  });

  test("LEAP_LOG=debug logs every attempt to the console, without the key", async () => {
    vi.stubEnv("LEAP_LOG", "debug");
    const lines: unknown[][] = [];
    vi.spyOn(console, "debug").mockImplementation((...args) => void lines.push(args));
    proxy.setFaults(faultQueue({ kind: "status", status: 503, headers: { "retry-after-ms": "1" } }));
    await new Workflows({ apiKey: API_KEY, baseUrl: proxy.url }).runs.retrieve("rnp_1");
    expect(lines.map((line) => line[0])).toEqual([
      "[leap] request",
      "[leap] request failed",
      "[leap] request",
      "[leap] request succeeded",
    ]);
    expect(lines[1]?.[1]).toMatchObject({ status: 503, retry: true, delayMs: 1 });
    expect(JSON.stringify(lines)).not.toContain(API_KEY);
  });

  test("the logger hears every attempt, status, decision and delay, and never the API key", async () => {
    proxy.setFaults(faultQueue({ kind: "status", status: 503, headers: { "retry-after-ms": "1" } }));
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
