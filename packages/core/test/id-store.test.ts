import { fakeRun } from "@leap-workflows/test-kit/fixture-server";
import { describe, expect, test, vi } from "vitest";
import {
  ConfigurationError,
  createMemoryIdStore,
  generateWebhookSecret,
  processWebhookOnce,
  type WebhookIdStore,
} from "../src/index";
import {
  createAsyncWebhookVerifier,
  createWebhookHandler,
  createWebhookHeaders,
  type WebhookHeaders,
  type WebhookReply,
  type WebhookRequest,
  webCryptoHmac,
} from "../src/internal";

/** A POST of `body` through a handler from createWebhookHandler, and its reply with the body parsed. */
async function post(
  handle: (request: WebhookRequest) => Promise<WebhookReply>,
  body: string,
  headers: WebhookHeaders,
) {
  const reply = await handle({ method: "POST", headers, readBody: async () => body });
  return { status: reply.status, body: JSON.parse(reply.body) as unknown };
}

function clock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe("createMemoryIdStore: the id-store contract in one process", () => {
  test("one claim wins; copies are in progress until complete, then duplicates until the TTL ends", () => {
    const time = clock();
    const store = createMemoryIdStore({ now: time.now });
    expect(store.claim("msg_1", { token: "a", ttlSeconds: 60 })).toBe("claimed");
    expect(store.claim("msg_1", { token: "b", ttlSeconds: 60 })).toBe("in-progress");
    expect(store.claim("msg_2", { token: "c", ttlSeconds: 60 })).toBe("claimed");
    store.complete("msg_1", { token: "a", ttlSeconds: 3600 });
    expect(store.claim("msg_1", { token: "d", ttlSeconds: 60 })).toBe("duplicate");
    time.advance(3_599_000);
    expect(store.claim("msg_1", { token: "d", ttlSeconds: 60 })).toBe("duplicate");
    time.advance(1_000);
    expect(store.claim("msg_1", { token: "d", ttlSeconds: 60 })).toBe("claimed");
  });

  test("release frees only its own claim; a crashed holder's claim expires after its TTL", () => {
    const time = clock();
    const store = createMemoryIdStore({ now: time.now });
    expect(store.claim("msg_1", { token: "a", ttlSeconds: 10 })).toBe("claimed");
    store.release("msg_1", { token: "someone-else" });
    expect(store.claim("msg_1", { token: "b", ttlSeconds: 10 })).toBe("in-progress");
    store.release("msg_1", { token: "a" });
    expect(store.claim("msg_1", { token: "b", ttlSeconds: 10 })).toBe("claimed");
    // b crashes: its claim lives 10 s, then the retry wins.
    time.advance(9_999);
    expect(store.claim("msg_1", { token: "c", ttlSeconds: 10 })).toBe("in-progress");
    time.advance(1);
    expect(store.claim("msg_1", { token: "c", ttlSeconds: 10 })).toBe("claimed");
    // A late release by b (its claim long expired) does not free c's claim.
    store.release("msg_1", { token: "b" });
    expect(store.claim("msg_1", { token: "d", ttlSeconds: 10 })).toBe("in-progress");
  });

  test("a 90 s step of the wall clock during onRun does not let a copy run it again (expiry is monotonic)", async () => {
    // The wall clock is faked from before the store exists, so a store reading it would see the step.
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const store = createMemoryIdStore();
      let runs = 0;
      let finish: () => void = () => {};
      const first = processWebhookOnce(
        store,
        "msg_1",
        () => {
          runs++;
          return new Promise<void>((resolve) => (finish = resolve));
        },
        { claimTtlSeconds: 60 },
      );
      vi.setSystemTime(Date.now() + 90_000);
      expect(await processWebhookOnce(store, "msg_1", () => void runs++, { claimTtlSeconds: 60 })).toBe(
        "in-progress",
      );
      finish();
      expect(await first).toBe("processed");
      expect(runs).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  test("bounded by TTL, not by count: an id replayed after 20,000 newer ones is still a duplicate", () => {
    const time = clock();
    const store = createMemoryIdStore({ now: time.now });
    store.claim("msg_old", { token: "t", ttlSeconds: 60 });
    store.complete("msg_old", { token: "t", ttlSeconds: 3600 });
    for (let index = 0; index < 20_000; index++) {
      store.claim(`msg_${index}`, { token: "t", ttlSeconds: 60 });
      store.complete(`msg_${index}`, { token: "t", ttlSeconds: 3600 });
    }
    expect(store.claim("msg_old", { token: "u", ttlSeconds: 60 })).toBe("duplicate");
  });
});

describe("processWebhookOnce: claim, process, complete or release", () => {
  test("runs the work once, answers duplicates after, releases on a throw so the retry runs", async () => {
    const store = createMemoryIdStore();
    let runs = 0;
    expect(await processWebhookOnce(store, "msg_1", () => void runs++)).toBe("processed");
    expect(await processWebhookOnce(store, "msg_1", () => void runs++)).toBe("duplicate");
    expect(runs).toBe(1);
    await expect(
      processWebhookOnce(store, "msg_2", () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await processWebhookOnce(store, "msg_2", () => void runs++)).toBe("processed");
    expect(runs).toBe(2);
  });

  test("a copy arriving while the work runs is in progress; the work sees its own claim only", async () => {
    const store = createMemoryIdStore();
    let finish: () => void = () => {};
    const first = processWebhookOnce(
      store,
      "msg_1",
      () => new Promise<void>((resolve) => (finish = resolve)),
    );
    expect(await processWebhookOnce(store, "msg_1", () => {})).toBe("in-progress");
    finish();
    expect(await first).toBe("processed");
  });

  test("passes the TTLs through; a failing complete is reported and still counts as processed", async () => {
    const calls: unknown[][] = [];
    const errors: unknown[] = [];
    const store: WebhookIdStore = {
      claim: (...args) => {
        calls.push(["claim", ...args]);
        return "claimed";
      },
      release: (...args) => void calls.push(["release", ...args]),
      complete: (...args) => {
        calls.push(["complete", ...args]);
        throw new Error("store down");
      },
    };
    const result = await processWebhookOnce(store, "msg_1", () => {}, {
      claimTtlSeconds: 5,
      dedupeTtlSeconds: 50,
      onStoreError: (error) => errors.push(error),
    });
    expect(result).toBe("processed");
    const token = (calls[0]?.[2] as { token: string } | undefined)?.token;
    expect(token).toMatch(/^[0-9a-f-]{36}$/);
    expect(calls).toEqual([
      ["claim", "msg_1", { token, ttlSeconds: 5 }],
      ["complete", "msg_1", { token, ttlSeconds: 50 }],
    ]);
    expect(errors).toEqual([new Error("store down")]);
  });

  test("bad TTLs are configuration errors naming the option", async () => {
    const store = createMemoryIdStore();
    await expect(processWebhookOnce(store, "m", () => {}, { claimTtlSeconds: 0 })).rejects.toThrow(
      ConfigurationError,
    );
    await expect(processWebhookOnce(store, "m", () => {}, { dedupeTtlSeconds: Number.NaN })).rejects.toThrow(
      /dedupeTtlSeconds: expected finite seconds > 0, received NaN/,
    );
  });
});

describe("the handler's claim flow", () => {
  const verifier = createAsyncWebhookVerifier(webCryptoHmac);
  const secret = generateWebhookSecret();
  const body = JSON.stringify(fakeRun({ id: "rnp_1", status: "completed" }));

  test("a store whose claim fails answers 500 id_store_failed and onRun is not called", async () => {
    let runs = 0;
    const errors: unknown[] = [];
    const handle = createWebhookHandler(verifier.verifySignature, secret, () => void runs++, {
      onError: (error) => errors.push(error),
      dedupe: {
        claim: () => Promise.reject(new Error("redis down")),
        complete: () => {},
        release: () => {},
      },
    });
    const answer = await post(handle, body, await createWebhookHeaders({ secret, body }));
    expect(answer).toMatchObject({ status: 500, body: { error: { type: "id_store_failed" } } });
    expect(runs).toBe(0);
    expect(errors).toEqual([new Error("redis down")]);
  });

  test("an old has/add store is refused at setup with a message naming the new methods", () => {
    const old = { has: () => false, add: () => {} } as unknown as WebhookIdStore;
    expect(() => createWebhookHandler(verifier.verifySignature, secret, () => {}, { dedupe: old })).toThrow(
      /claim, complete and release/,
    );
  });

  test("claimTtlSeconds and dedupeTtlSeconds reach the store", async () => {
    const seen: unknown[] = [];
    const memory = createMemoryIdStore();
    const handle = createWebhookHandler(verifier.verifySignature, secret, () => {}, {
      claimTtlSeconds: 7,
      dedupeTtlSeconds: 70,
      dedupe: {
        claim: (id, entry) => {
          seen.push(["claim", entry.ttlSeconds]);
          return memory.claim(id, entry);
        },
        complete: (id, entry) => {
          seen.push(["complete", entry.ttlSeconds]);
          memory.complete(id, entry);
        },
        release: (id, entry) => memory.release(id, entry),
      },
    });
    const headers = await createWebhookHeaders({ secret, body });
    expect(await post(handle, body, headers)).toEqual({ status: 200, body: { ok: true } });
    expect(await post(handle, body, headers)).toEqual({ status: 200, body: { ok: true, duplicate: true } });
    expect(seen).toEqual([
      ["claim", 7],
      ["complete", 70],
      ["claim", 7],
    ]);
  });
});
