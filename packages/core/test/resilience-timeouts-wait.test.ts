import { faultQueue } from "@leap-workflows/fault-proxy";
import { rejection } from "@leap-workflows/test-kit/client-suite";
import { fakeRun } from "@leap-workflows/test-kit/fixture-server";
import { afterEach, describe, expect, test, vi } from "vitest";
import { systemClock } from "../src/client/clock";
import {
  APITimeoutError,
  APIUserAbortError,
  ConfigurationError,
  RateLimitError,
  WaitTimeoutError,
  Workflows,
} from "../src/index";
import { API_KEY, useResilienceRig } from "./resilience-rig";
import { withClock } from "./virtual-clock";

// Timeouts, cancellation, wait and logging, through a fault-injecting proxy in front of a real server. Deadlines
// run on the rig's virtual clock and fire when an event (a request reaching the proxy, response headers reaching
// the client) says so, and aborts follow events too: nothing here depends on how fast the machine is.
const rig = useResilienceRig();
const { client, decisions, logs } = rig;

/** A fetch that runs `onHeaders(n)` when the n-th response's headers (0-based) reach the client. */
function fetchThen(onHeaders: (index: number) => void): typeof fetch {
  let index = 0;
  return async (input, init) => {
    const response = await fetch(input, init);
    onHeaders(index++);
    return response;
  };
}

describe("timeouts and cancellation", () => {
  test("a response that never starts times out, and the timeout is retried", async () => {
    rig.proxy.setFaults(({ index }) => {
      if (index > 0) return { kind: "pass" };
      // The first attempt is stalled at the proxy: its 30 s pass now (on the real clock the test would time out first).
      queueMicrotask(() => rig.clock.advance(30_000));
      return { kind: "stall-headers" };
    });
    expect((await client({ timeout: 30_000, maxRetries: 1 }).runs.retrieve("rnp_1")).id).toBeTruthy();
    expect(decisions()[0]).toMatchObject({ error: "APITimeoutError", retry: true });
    expect(rig.proxy.seen).toHaveLength(2);
  });

  test("a body that stalls past the timeout is an APITimeoutError", async () => {
    rig.proxy.setFaults(() => ({ kind: "stall-body" }));
    // The timeout passes once the headers are in, so it ends the body read, not the wait for headers.
    const leap = client({
      timeout: 30_000,
      maxRetries: 0,
      fetch: fetchThen(() => rig.clock.advance(30_000)),
    });
    const error = await rejection(leap.runs.retrieve("rnp_1"));
    expect(APITimeoutError.isInstance(error)).toBe(true);
  });

  test("aborting during a backoff stops at once", async () => {
    rig.proxy.setFaults(() => ({ kind: "status", status: 429, headers: { "retry-after": "60" } }));
    const controller = new AbortController();
    // Real time: a 60 s backoff (longer than the test's timeout) that only the abort can cut short.
    const leap = client({
      ...withClock(systemClock),
      maxRetries: 3,
      logger: { debug: (message) => message === "request failed" && controller.abort(), warn: () => {} },
    });
    const error = await rejection(leap.runs.retrieve("rnp_1", { signal: controller.signal }));
    expect(APIUserAbortError.isInstance(error)).toBe(true);
    expect(rig.proxy.seen).toHaveLength(1);
  });

  test("a timeout during a stalled body is retried, and the retry can succeed", async () => {
    rig.proxy.setFaults(faultQueue({ kind: "stall-body" }));
    const fetch = fetchThen((index) => index === 0 && rig.clock.advance(30_000));
    expect((await client({ timeout: 30_000, maxRetries: 1, fetch }).runs.retrieve("rnp_1")).id).toBeTruthy();
    expect(decisions()[0]).toMatchObject({ error: "APITimeoutError", retry: true });
    expect(rig.proxy.seen).toHaveLength(2);
  });

  test("aborting while the body stalls ends the call with APIUserAbortError, not a timeout, and no retry", async () => {
    rig.proxy.setFaults(() => ({ kind: "stall-body" }));
    const controller = new AbortController();
    const fetch = fetchThen(() => controller.abort(new Error("user left")));
    const error = await rejection(
      client({ timeout: 30_000, maxRetries: 3, fetch }).runs.retrieve("rnp_1", { signal: controller.signal }),
    );
    expect(APIUserAbortError.isInstance(error)).toBe(true);
    expect((error as Error).cause).toEqual(new Error("user left"));
    expect(rig.proxy.seen).toHaveLength(1);
  });

  test("an already aborted signal sends nothing", async () => {
    const error = await rejection(client().run({ workflow_id: "wkf_1" }, { signal: AbortSignal.abort() }));
    expect(APIUserAbortError.isInstance(error)).toBe(true);
    expect(rig.proxy.seen).toHaveLength(0);
  });

  test("bad per-call numbers are a ConfigurationError naming each option, and nothing is sent", async () => {
    const leap = client();
    const error = await rejection(leap.runs.retrieve("rnp_1", { timeout: -1, maxRetries: 1.5 as number }));
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as ConfigurationError).issues.map((issue) => issue.path)).toEqual([
      "timeout",
      "maxRetries",
    ]);
    const waitError = await rejection(
      leap.runs.wait("rnp_1", { initialInterval: 0, timeout: "5000" as unknown as number }),
    );
    expect((waitError as ConfigurationError).issues.map((issue) => issue.path)).toEqual([
      "timeout",
      "initialInterval",
    ]);
    expect((waitError as Error).message).toContain('received "5000"');
    expect(rig.proxy.seen).toHaveLength(0);
  });

  test("a Retry-After beyond a minute is not waited for", async () => {
    rig.proxy.setFaults(() => ({ kind: "status", status: 429, headers: { "retry-after": "3600" } }));
    const error = await rejection(client({ maxRetries: 1 }).runs.retrieve("rnp_1"));
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(decisions()[0]?.delayMs).toBeLessThanOrEqual(500);
  });
});

describe("wait", () => {
  test("transient failures while polling are ridden out", async () => {
    let polls = 0;
    rig.upstream.handle(() => {
      polls++;
      return { body: polls < 4 ? fakeRun() : fakeRun({ status: "completed", output: 1 }) };
    });
    rig.proxy.setFaults(({ index }) =>
      index % 2 === 1
        ? { kind: "status", status: 503 }
        : index === 2
          ? { kind: "reset-before" }
          : { kind: "pass" },
    );
    const run = await client({ maxRetries: 0 }).runs.wait("rnp_1", { initialInterval: 5 });
    expect(run.status).toBe("completed");
    expect(rig.proxy.seen.some((request) => request.fault !== "pass")).toBe(true);
  });

  test("the poll interval grows to its cap, keeping the number of polls small", async () => {
    rig.upstream.handle(() => ({ body: fakeRun() }));
    const error = await rejection(
      client().runs.wait("rnp_1", { timeout: 1_500, initialInterval: 100, maxInterval: 400 }),
    );
    expect(WaitTimeoutError.isInstance(error) && error.lastSeen?.status).toBe("running");
    // Polls at 0, 100, 250, 475, 812.5 and 1212.5 ms; the timeout lands in the sleep after the sixth.
    expect(rig.clock.sleeps).toEqual([100, 150, 225, 337.5, 400, 400]);
    expect(rig.proxy.seen).toHaveLength(6);
  });
});

describe("wait: cancellation, rate limits and long timeouts", () => {
  test("aborting a wait ends it at once, between polls and during a stalled poll", async () => {
    rig.upstream.handle(() => ({ body: fakeRun() }));
    // Real time: a 60 s sleep between polls and a stalled poll that only the abort can end (either outlasts the
    // test's timeout); each abort follows an event, the first poll's answer or the stalled poll reaching the proxy.
    const leap = client({ ...withClock(systemClock), maxRetries: 0 });
    const between = new AbortController();
    const error = await rejection(
      leap.runs.wait("rnp_1", {
        initialInterval: 60_000,
        maxInterval: 60_000,
        signal: between.signal,
        onPoll: () => between.abort(),
      }),
    );
    expect(APIUserAbortError.isInstance(error)).toBe(true);
    expect(rig.proxy.seen).toHaveLength(1);

    const during = new AbortController();
    rig.proxy.setFaults(() => {
      queueMicrotask(() => during.abort());
      return { kind: "stall-headers" };
    });
    const duringError = await rejection(leap.runs.wait("rnp_1", { signal: during.signal }));
    expect(APIUserAbortError.isInstance(duringError)).toBe(true);
    expect(rig.proxy.seen).toHaveLength(2);
  });

  test("a rate-limited poll waits at least as long as the server asked", async () => {
    let polls = 0;
    rig.upstream.handle(() => ({
      body: ++polls < 2 ? fakeRun() : fakeRun({ status: "completed", output: 1 }),
    }));
    rig.proxy.setFaults((request) =>
      request.index === 0
        ? { kind: "status", status: 429, headers: { "retry-after-ms": "300" } }
        : { kind: "pass" },
    );
    const run = await client({ maxRetries: 0 }).runs.wait("rnp_1", { initialInterval: 5 });
    expect(run.status).toBe("completed");
    expect(logs.find((line) => line.message.startsWith("poll failed"))?.data?.delayMs).toBe(300);
    // 300 ms as asked (the interval alone was 5), then the interval's own 7.5 ms before the final poll.
    expect(rig.clock.sleeps).toEqual([300, 7.5]);
    expect(rig.proxy.seen).toHaveLength(3);
  });

  test("a wait timeout beyond setTimeout's 32-bit range is refused, naming the limit; Infinity waits on", async () => {
    let polls = 0;
    rig.upstream.handle(() => ({
      body: ++polls % 3 ? fakeRun() : fakeRun({ status: "completed", output: 1 }),
    }));
    // A timer cannot wait 3,000,000,000 ms: it would fire early, so the option is refused instead.
    await expect(
      client(withClock(systemClock)).runs.wait("rnp_1", { timeout: 3_000_000_000 }),
    ).rejects.toThrow(/timeout: expected at most 2147483647, received 3000000000/);
    // Real time: this is about the system clock's timers.
    const run = await client(withClock(systemClock)).runs.wait("rnp_1", {
      timeout: Number.POSITIVE_INFINITY,
      initialInterval: 5,
    });
    expect(run.status).toBe("completed");
  });
});

describe("observability", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  test("each attempt is logged with its headers, secrets redacted, and the same Idempotency-Key", async () => {
    rig.proxy.setFaults(faultQueue({ kind: "status", status: 502, headers: { "retry-after-ms": "1" } }));
    await client({ headers: { authorization: `Bearer ${API_KEY}` } }).run({ workflow_id: "wkf_1" });
    const attempts = logs.filter((line) => line.message === "request").map((line) => line.data ?? {});
    expect(attempts.map((attempt) => attempt.attempt)).toEqual([0, 1]);
    const headers = attempts.map((attempt) => attempt.headers as Record<string, string>);
    expect(headers[0]?.["x-api-key"]).toBe("[redacted]");
    expect(headers[0]?.authorization).toBe("[redacted]");
    expect(headers[0]?.["idempotency-key"]).toBe(rig.proxy.seen[0]?.headers["idempotency-key"]);
    expect(headers[1]?.["idempotency-key"]).toBe(headers[0]?.["idempotency-key"]);
    expect(JSON.stringify(logs)).not.toContain(API_KEY);
  });

  test("LEAP_LOG=debug logs every attempt to the console, without the key", async () => {
    vi.stubEnv("LEAP_LOG", "debug");
    const lines: unknown[][] = [];
    vi.spyOn(console, "debug").mockImplementation((...args) => void lines.push(args));
    rig.proxy.setFaults(faultQueue({ kind: "status", status: 503, headers: { "retry-after-ms": "1" } }));
    await new Workflows({ apiKey: API_KEY, baseUrl: rig.proxy.url }).runs.retrieve("rnp_1");
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
    rig.proxy.setFaults(faultQueue({ kind: "status", status: 503, headers: { "retry-after-ms": "1" } }));
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
