import { faultQueue } from "@leap-workflows/fault-proxy";
import { rejection } from "@leap-workflows/test-kit/client-suite";
import { fakeRun } from "@leap-workflows/test-kit/fixture-server";
import { afterEach, describe, expect, test, vi } from "vitest";
import {
  APITimeoutError,
  APIUserAbortError,
  RateLimitError,
  ValidationError,
  WaitTimeoutError,
  Workflows,
} from "../src/index";
import { API_KEY, useResilienceRig } from "./resilience-rig";

// Timeouts, cancellation, wait and logging, through a fault-injecting proxy in front of a real server.
const rig = useResilienceRig();
const { client, decisions, logs } = rig;

describe("timeouts and cancellation", () => {
  test("a response that never starts times out, and the timeout is retried", async () => {
    rig.proxy.setFaults(faultQueue({ kind: "stall-headers" }));
    expect((await client({ timeout: 150, maxRetries: 1 }).runs.retrieve("rnp_1")).id).toBeTruthy();
    expect(rig.proxy.seen).toHaveLength(2);
  });

  test("a body that stalls past the timeout is an APITimeoutError", async () => {
    rig.proxy.setFaults(() => ({ kind: "stall-body" }));
    const error = await rejection(client({ timeout: 150, maxRetries: 0 }).runs.retrieve("rnp_1"));
    expect(APITimeoutError.isInstance(error)).toBe(true);
  });

  test("aborting during a backoff stops at once", async () => {
    rig.proxy.setFaults(() => ({ kind: "status", status: 429, headers: { "retry-after": "30" } }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await rejection(
      client({ maxRetries: 3 }).runs.retrieve("rnp_1", { signal: controller.signal }),
    );
    expect(APIUserAbortError.isInstance(error)).toBe(true);
    expect(rig.proxy.seen).toHaveLength(1);
  });

  test("a timeout during a stalled body is retried, and the retry can succeed", async () => {
    rig.proxy.setFaults(faultQueue({ kind: "stall-body" }));
    expect((await client({ timeout: 150, maxRetries: 1 }).runs.retrieve("rnp_1")).id).toBeTruthy();
    expect(decisions()[0]).toMatchObject({ error: "APITimeoutError", retry: true });
    expect(rig.proxy.seen).toHaveLength(2);
  });

  test("aborting while the body stalls ends the call with APIUserAbortError, not a timeout, and no retry", async () => {
    rig.proxy.setFaults(() => ({ kind: "stall-body" }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user left")), 100);
    const error = await rejection(
      client({ timeout: 30_000, maxRetries: 3 }).runs.retrieve("rnp_1", { signal: controller.signal }),
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
    const times: number[] = [];
    rig.proxy.setFaults(() => {
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
    rig.upstream.handle(() => ({ body: fakeRun() }));
    const between = new AbortController();
    setTimeout(() => between.abort(), 100);
    const leap = client({ maxRetries: 0 });
    const error = await rejection(
      leap.runs.wait("rnp_1", { initialInterval: 30_000, signal: between.signal }),
    );
    expect(APIUserAbortError.isInstance(error)).toBe(true);
    expect(rig.proxy.seen).toHaveLength(1);

    rig.proxy.setFaults(() => ({ kind: "stall-headers" }));
    const during = new AbortController();
    setTimeout(() => during.abort(), 100);
    const duringError = await rejection(leap.runs.wait("rnp_1", { signal: during.signal }));
    expect(APIUserAbortError.isInstance(duringError)).toBe(true);
  });

  test("a rate-limited poll waits at least as long as the server asked", async () => {
    let polls = 0;
    rig.upstream.handle(() => ({
      body: ++polls < 2 ? fakeRun() : fakeRun({ status: "completed", output: 1 }),
    }));
    const times: number[] = [];
    rig.proxy.setFaults((request) => {
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
    rig.upstream.handle(() => ({
      body: ++polls % 3 ? fakeRun() : fakeRun({ status: "completed", output: 1 }),
    }));
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
