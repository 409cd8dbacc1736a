import { fakeRun } from "@leap-workflows/test-kit/fixture-server";
import { describe, expect, test } from "vitest";
import { CLOCK } from "../src/client/clock";
import {
  ConfigurationError,
  createMemoryIdStore,
  generateWebhookSecret,
  IdStoreError,
  processWebhookOnce,
  type WebhookHandlerOptions,
  type WebhookIdStore,
} from "../src/index";
import {
  createAsyncWebhookVerifier,
  createWebhookHandler,
  createWebhookHeaders,
  webCryptoHmac,
} from "../src/internal";
import { VirtualClock } from "./virtual-clock";

/** A store whose calls wait until the test answers them, recording each call. */
function stalledStore() {
  const calls: { method: string; id: string; token: string; answer: (value?: unknown) => void }[] = [];
  let called: () => void = () => {};
  const nextCall = () => new Promise<void>((resolve) => (called = resolve));
  const record =
    (method: string) =>
    (id: string, entry: { token: string }): Promise<never> =>
      new Promise((resolve) => {
        calls.push({ method, id, token: entry.token, answer: resolve as (value?: unknown) => void });
        called();
      });
  const store = {
    claim: record("claim"),
    complete: record("complete"),
    release: record("release"),
  } as unknown as WebhookIdStore;
  return { store, calls, nextCall };
}

const withClock = <T extends object>(clock: VirtualClock, options: T): T => ({ ...options, [CLOCK]: clock });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("every id-store call is bounded by storeTimeoutMs", () => {
  test("a claim the store never answers throws IdStoreError (timeout) after 5 s and the work does not run", async () => {
    const clock = new VirtualClock();
    const { store } = stalledStore();
    let runs = 0;
    const result = processWebhookOnce(store, "msg_1", () => void runs++, withClock(clock, {}));
    let settled = false;
    result.then(
      () => (settled = true),
      () => (settled = true),
    );
    clock.advance(4_999);
    await settle();
    expect(settled).toBe(false);
    clock.advance(1);
    await expect(result).rejects.toThrow(IdStoreError);
    await expect(result).rejects.toMatchObject({
      operation: "claim",
      reason: "timeout",
      message: expect.stringMatching(/over 5000 ms/),
    });
    expect(runs).toBe(0);
  });

  test("a claim granted after its bound is released at once, so the sender's retry is not held off", async () => {
    const clock = new VirtualClock();
    const { store, calls } = stalledStore();
    const result = processWebhookOnce(store, "msg_1", () => {}, withClock(clock, { storeTimeoutMs: 200 }));
    clock.advance(200);
    await expect(result).rejects.toMatchObject({ operation: "claim", reason: "timeout" });
    calls[0]?.answer("claimed");
    await settle();
    expect(calls.map(({ method, token }) => [method, token])).toEqual([
      ["claim", calls[0]?.token],
      ["release", calls[0]?.token],
    ]);
  });

  test("a complete that never answers is told to onStoreError; the work counts as processed", async () => {
    const clock = new VirtualClock();
    const memory = createMemoryIdStore();
    const errors: unknown[] = [];
    let completing: () => void = () => {};
    const completeCalled = new Promise<void>((resolve) => (completing = resolve));
    const store: WebhookIdStore = {
      ...memory,
      complete: () => {
        completing();
        return new Promise<void>(() => {});
      },
    };
    const result = processWebhookOnce(
      store,
      "msg_1",
      () => {},
      withClock(clock, { onStoreError: (error: unknown) => errors.push(error) }),
    );
    await completeCalled;
    clock.advance(5_000);
    expect(await result).toBe("processed");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ name: "IdStoreError", operation: "complete" });
  });

  test("storeTimeoutMs must be finite milliseconds above 0", async () => {
    const store = createMemoryIdStore();
    for (const storeTimeoutMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(processWebhookOnce(store, "m", () => {}, { storeTimeoutMs })).rejects.toThrow(
        /storeTimeoutMs: expected finite ms > 0/,
      );
    }
  });

  describe("the handlers answer 503 when the store does not answer in time", () => {
    const verifier = createAsyncWebhookVerifier(webCryptoHmac);
    const secret = generateWebhookSecret();
    const body = JSON.stringify(fakeRun({ id: "rnp_1", status: "completed" }));

    test("a claim over storeTimeoutMs is answered 503 id_store_timeout and told to onError; onRun never runs", async () => {
      const clock = new VirtualClock();
      const { store, nextCall } = stalledStore();
      const errors: unknown[] = [];
      let runs = 0;
      const options = withClock(clock, {
        dedupe: store,
        storeTimeoutMs: 2_000,
        onError: (error: unknown) => errors.push(error),
      } satisfies WebhookHandlerOptions);
      const handle = createWebhookHandler(verifier.verifySignature, secret, () => void runs++, options);
      const headers = await createWebhookHeaders({ secret, body });
      const claimed = nextCall();
      const answer = handle({ method: "POST", headers, readBody: async () => body });
      await claimed;
      clock.advance(2_000);
      const reply = await answer;
      expect(reply.status).toBe(503);
      expect(JSON.parse(reply.body)).toMatchObject({ error: { type: "id_store_timeout" } });
      expect(runs).toBe(0);
      expect(errors).toEqual([expect.objectContaining({ name: "IdStoreError" })]);
    });

    test("a bad storeTimeoutMs fails at setup, naming the option", () => {
      expect(() =>
        createWebhookHandler(verifier.verifySignature, secret, () => {}, { storeTimeoutMs: Number.NaN }),
      ).toThrow(ConfigurationError);
    });
  });
});

describe("dedupeScope: several endpoints on one store", () => {
  test("the scope prefixes the id, so each endpoint handles the same webhook-id once", async () => {
    const memory = createMemoryIdStore();
    const keys: string[] = [];
    const store: WebhookIdStore = {
      ...memory,
      claim: (id, entry) => {
        keys.push(id);
        return memory.claim(id, entry);
      },
    };
    let runs = 0;
    const work = () => void runs++;
    expect(await processWebhookOnce(store, "msg_1", work, { dedupeScope: "tenant-a" })).toBe("processed");
    expect(await processWebhookOnce(store, "msg_1", work, { dedupeScope: "tenant-b" })).toBe("processed");
    expect(await processWebhookOnce(store, "msg_1", work, { dedupeScope: "tenant-a" })).toBe("duplicate");
    expect(await processWebhookOnce(store, "msg_1", work)).toBe("processed");
    expect(runs).toBe(3);
    expect(keys).toEqual(["tenant-a:msg_1", "tenant-b:msg_1", "tenant-a:msg_1", "msg_1"]);
  });

  test("two handlers sharing a store, each with its own scope, both handle one delivery", async () => {
    const verifier = createAsyncWebhookVerifier(webCryptoHmac);
    const secret = generateWebhookSecret();
    const body = JSON.stringify(fakeRun({ id: "rnp_1", status: "completed" }));
    const dedupe = createMemoryIdStore();
    const seen: string[] = [];
    const endpoint = (dedupeScope: string) =>
      createWebhookHandler(verifier.verifySignature, secret, () => void seen.push(dedupeScope), {
        dedupe,
        dedupeScope,
      });
    const headers = await createWebhookHeaders({ secret, body });
    const request = { method: "POST", headers, readBody: async () => body };
    const [a, b] = [endpoint("app-a"), endpoint("app-b")];
    expect((await a(request)).status).toBe(200);
    expect((await b(request)).status).toBe(200);
    expect(JSON.parse((await a(request)).body)).toEqual({ ok: true, duplicate: true });
    expect(seen).toEqual(["app-a", "app-b"]);
  });

  test("an empty or non-string scope fails at setup", () => {
    const verifier = createAsyncWebhookVerifier(webCryptoHmac);
    const secret = generateWebhookSecret();
    for (const dedupeScope of ["", 7 as unknown as string]) {
      expect(() => createWebhookHandler(verifier.verifySignature, secret, () => {}, { dedupeScope })).toThrow(
        /dedupeScope: expected a non-empty string/,
      );
    }
  });
});
