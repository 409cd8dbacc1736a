import { type Fault, faultQueue } from "@leap-workflows/fault-proxy";
import { rejection } from "@leap-workflows/test-kit/client-suite";
import { fakeRun } from "@leap-workflows/test-kit/fixture-server";
import { describe, expect, test } from "vitest";
import { retryDelay, serverRetryDelay } from "../src/client/retry";
import { APIError, InvalidResponseError } from "../src/index";
import { API_KEY, useResilienceRig } from "./resilience-rig";

// Which failures are retried, how long between attempts, and why a retried POST never starts a second run.
const rig = useResilienceRig();
const { client, decisions } = rig;

describe("retries", () => {
  test.each([500, 502, 503, 408])("%i is retried until it succeeds", async (status) => {
    // A short retry-after-ms keeps this quick; the plain backoff has its own test below.
    const fault = { kind: "status", status, headers: { "retry-after-ms": "1" } } as const;
    rig.proxy.setFaults(faultQueue(fault, fault));
    expect((await client({ maxRetries: 2 }).runs.retrieve("rnp_1")).id).toBe("rnp_x3p27VQk6MyJfLe");
    expect(rig.proxy.seen).toHaveLength(3);
  });

  test("retries stop at maxRetries (per-call override wins) and the last error is thrown", async () => {
    rig.proxy.setFaults(() => ({ kind: "status", status: 503 }));
    const error = await rejection(client({ maxRetries: 5 }).runs.retrieve("rnp_1", { maxRetries: 1 }));
    expect(APIError.isInstance(error) && error.status).toBe(503);
    expect(rig.proxy.seen).toHaveLength(2);
  });

  test.each([400, 401, 403, 404, 422])("%i is never retried", async (status) => {
    rig.proxy.setFaults(() => ({ kind: "status", status }));
    expect(APIError.isInstance(await rejection(client({ maxRetries: 3 }).runs.retrieve("rnp_1")))).toBe(true);
    expect(rig.proxy.seen).toHaveLength(1);
  });

  test("409 is retried only when the server marks it retryable", async () => {
    rig.proxy.setFaults(() => ({ kind: "status", status: 409 }));
    await rejection(client({ maxRetries: 2 }).runs.retrieve("rnp_1"));
    expect(rig.proxy.seen).toHaveLength(1);
    rig.proxy.seen.length = 0;
    rig.proxy.setFaults(faultQueue({ kind: "status", status: 409, headers: { "x-should-retry": "true" } }));
    await client({ maxRetries: 2 }).runs.retrieve("rnp_1");
    expect(rig.proxy.seen).toHaveLength(2);
  });

  test("x-should-retry: true never makes another 4xx retryable, and x-should-retry: false stops any retry", async () => {
    for (const status of [400, 401, 404, 422]) {
      rig.proxy.setFaults(() => ({ kind: "status", status, headers: { "x-should-retry": "true" } }));
      await rejection(client({ maxRetries: 2 }).runs.retrieve("rnp_1"));
    }
    expect(rig.proxy.seen).toHaveLength(4);
    rig.proxy.seen.length = 0;
    rig.proxy.setFaults(() => ({ kind: "status", status: 503, headers: { "x-should-retry": "false" } }));
    const error = await rejection(client({ maxRetries: 2 }).runs.retrieve("rnp_1"));
    expect(APIError.isInstance(error) && error.status).toBe(503);
    expect(rig.proxy.seen).toHaveLength(1);
  });

  test("Retry-After in seconds, as an HTTP date, and retry-after-ms decide the delay", async () => {
    // The client's clock starts on a whole second and moves only by its sleeps: the date (which has no
    // milliseconds) is exactly 2 s ahead of the client when it reads the answer.
    const inTwoSeconds = () => new Date(rig.clock.now() + 2_000).toUTCString();
    rig.proxy.setFaults(({ index }): Fault => {
      if (index === 0) return { kind: "status", status: 429, headers: { "retry-after": "1" } };
      if (index === 1) return { kind: "status", status: 429, headers: { "retry-after": inTwoSeconds() } };
      if (index === 2) return { kind: "status", status: 503, headers: { "retry-after-ms": "20" } };
      return { kind: "pass" };
    });
    await client({ maxRetries: 3 }).runs.retrieve("rnp_1");
    expect(decisions().map((decision) => decision.delayMs)).toEqual([1_000, 2_000, 20]);
    expect(rig.clock.sleeps).toEqual([1_000, 2_000, 20]);
  });

  test("backoff grows exponentially with jitter when the server gives no delay", async () => {
    rig.proxy.setFaults(
      faultQueue(...Array.from({ length: 3 }, () => ({ kind: "status" as const, status: 500 }))),
    );
    await client({ maxRetries: 3 }).runs.retrieve("rnp_1");
    const delays = rig.clock.sleeps;
    expect(delays.map(Math.round)).toEqual(decisions().map((decision) => decision.delayMs));
    expect(delays).toHaveLength(3);
    expect(delays[0]).toBeGreaterThanOrEqual(250);
    expect(delays[0]).toBeLessThanOrEqual(500);
    expect(delays[1]).toBeGreaterThanOrEqual(500);
    expect(delays[1]).toBeLessThanOrEqual(1_000);
    expect(delays[2]).toBeGreaterThanOrEqual(1_000);
    expect(delays[2]).toBeLessThanOrEqual(2_000);
  });

  test("backoff is capped at 8 s and always jittered within the upper half of its step", () => {
    for (let retry = 0; retry < 30; retry++) {
      const step = Math.min(500 * 2 ** retry, 8_000);
      const delay = retryDelay(retry, new Error("connection reset"));
      expect(delay).toBeGreaterThanOrEqual(step / 2);
      expect(delay).toBeLessThanOrEqual(step);
    }
  });

  test("server delays: retry-after-ms wins, a past HTTP date means now, garbage means none", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    const delay = (headers: Record<string, string>) => serverRetryDelay(new Headers(headers), now);
    expect(delay({ "retry-after-ms": "250", "retry-after": "9" })).toBe(250);
    expect(delay({ "retry-after": " 3 " })).toBe(3_000);
    expect(delay({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" })).toBe(5_000);
    expect(delay({ "retry-after": "Wed, 31 Dec 2025 23:00:00 GMT" })).toBe(0);
    expect(delay({ "retry-after": "soon" })).toBeUndefined();
    expect(delay({ "retry-after": "-1" })).toBeUndefined();
    expect(delay({})).toBeUndefined();
  });

  test("connection resets, truncated and non-JSON bodies are retried", async () => {
    rig.proxy.setFaults(faultQueue({ kind: "reset-before" }, { kind: "truncate" }, { kind: "non-json" }));
    expect((await client({ maxRetries: 3 }).runs.retrieve("rnp_1")).status).toBe("running");
    expect(rig.proxy.seen).toHaveLength(4);
  });

  test("the wrong content type on a valid JSON body is tolerated", async () => {
    rig.proxy.setFaults(() => ({ kind: "wrong-content-type" }));
    expect((await client({ maxRetries: 0 }).runs.retrieve("rnp_1")).id).toBe("rnp_x3p27VQk6MyJfLe");
  });

  test("a body that keeps breaking the contract is not retried", async () => {
    rig.upstream.handle(() => ({ body: fakeRun({ status: 7 }) }));
    expect(
      InvalidResponseError.isInstance(await rejection(client({ maxRetries: 3 }).runs.retrieve("rnp_1"))),
    ).toBe(true);
    expect(rig.proxy.seen).toHaveLength(1);
  });
});

describe("idempotency", () => {
  test("every retry of a POST reuses its Idempotency-Key, and another call gets a new one", async () => {
    rig.proxy.setFaults(faultQueue({ kind: "reset-after" }, { kind: "status", status: 502 }));
    const leap = client({ maxRetries: 3 });
    await leap.run({ workflow_id: "wkf_1" });
    await leap.run({ workflow_id: "wkf_1" });
    const keys = rig.proxy.seen.map((request) => request.headers["idempotency-key"]);
    expect(keys).toHaveLength(4);
    expect(new Set(keys.slice(0, 3)).size).toBe(1);
    expect(keys[3]).not.toBe(keys[0]);
    // The reset-after attempt did reach the API: the retry could only be safe because of the shared key.
    expect(rig.upstream.requests.filter((request) => request.method === "POST")).toHaveLength(3);
  });

  test("a key given as a plain header, in any case, is the one key sent and reused", async () => {
    rig.proxy.setFaults(faultQueue({ kind: "reset-after" }));
    await client({ headers: { "X-Api-Key": "not-this-one" } }).run(
      { workflow_id: "wkf_1" },
      { headers: { "Idempotency-Key": "order-7" } },
    );
    expect(rig.proxy.seen.map((request) => request.headers["idempotency-key"])).toEqual([
      "order-7",
      "order-7",
    ]);
    expect(rig.proxy.seen.map((request) => request.headers["x-api-key"])).toEqual([API_KEY, API_KEY]);
  });

  test("the caller's own Idempotency-Key is sent as is", async () => {
    await client().run({ workflow_id: "wkf_1" }, { idempotencyKey: "order-42" });
    expect(rig.proxy.seen[0]?.headers["idempotency-key"]).toBe("order-42");
  });
});
