import { expect, test } from "vitest";
import { processWebhookOnce, type WebhookIdStore } from "../../src/index";

/** What the shared id-store tests need of a store, inside its own `describe` (one per client library). */
export interface IdStoreContract {
  /** How the tests name the store: "Redis", "PostgreSQL". */
  store: string;
  /** What the two stores' clients are: "connections", "pools". */
  connections: string;
  /** Two stores on clients of their own to one server; called in the tests, after the hooks connected them. */
  stores(): [WebhookIdStore, WebhookIdStore];
  /** Asserts, by reading the server itself (Redis: the key; PostgreSQL: the row), that `token` holds `id`. */
  expectClaimedBy(id: string, token: string): Promise<void>;
  /** A webhook id of this describe's own (library and name), so that describes on one server never meet. */
  id(name: string): string;
}

/** The id-store tests that read the same on every shared store: release, expiry, claims racing. */
export function testIdStoreContract(contract: IdStoreContract): void {
  const { store, connections, stores, expectClaimedBy, id } = contract;

  test("release deletes only the caller's own claim (compare-and-delete)", async () => {
    const [own] = stores();
    expect(await own.claim(id("b"), { token: "owner", ttlSeconds: 60 })).toBe("claimed");
    await expectClaimedBy(id("b"), "owner");
    await own.release(id("b"), { token: "stranger" });
    expect(await own.claim(id("b"), { token: "t2", ttlSeconds: 60 })).toBe("in-progress");
    await own.release(id("b"), { token: "owner" });
    expect(await own.claim(id("b"), { token: "t3", ttlSeconds: 60 })).toBe("claimed");
    // A release after the id was completed leaves it processed.
    await own.complete(id("b"), { token: "t3", ttlSeconds: 60 });
    await own.release(id("b"), { token: "t3" });
    expect(await own.claim(id("b"), { token: "t4", ttlSeconds: 60 })).toBe("duplicate");
  });

  test("a claim left by a crashed holder expires after its TTL, and then the retry claims it", async () => {
    const [own] = stores();
    expect(await own.claim(id("c"), { token: "crashed", ttlSeconds: 0.05 })).toBe("claimed");
    // No timing assertion: poll (bounded) until the server has expired the 50 ms claim.
    let result = await own.claim(id("c"), { token: "retry", ttlSeconds: 60 });
    for (let attempt = 0; result !== "claimed" && attempt < 500; attempt++) {
      expect(result).toBe("in-progress");
      await new Promise((resolve) => setTimeout(resolve, 20));
      result = await own.claim(id("c"), { token: "retry", ttlSeconds: 60 });
    }
    expect(result).toBe("claimed");
    await expectClaimedBy(id("c"), "retry");
    // The late holder's release does not free the retry's claim.
    await own.release(id("c"), { token: "crashed" });
    expect(await own.claim(id("c"), { token: "third", ttlSeconds: 60 })).toBe("in-progress");
  });

  test(`200 concurrent claims of one id over two ${connections}: exactly one wins`, async () => {
    const both = stores();
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        both[index % 2]?.claim(id("d"), { token: `t${index}`, ttlSeconds: 60 }),
      ),
    );
    expect(results.filter((result) => result === "claimed")).toHaveLength(1);
    expect(results.filter((result) => result === "in-progress")).toHaveLength(199);
  });

  test(`processWebhookOnce on ${store}: concurrent copies run the work once; a throw releases for the retry`, async () => {
    const [first, second] = stores();
    let runs = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        processWebhookOnce(index % 2 === 0 ? first : second, id("e"), async () => {
          runs++;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }),
      ),
    );
    expect(runs).toBe(1);
    expect(results.filter((result) => result === "processed")).toHaveLength(1);
    await expect(
      processWebhookOnce(first, id("f"), () => {
        throw new Error("onRun failed");
      }),
    ).rejects.toThrow("onRun failed");
    expect(await processWebhookOnce(second, id("f"), () => void runs++)).toBe("processed");
    expect(runs).toBe(2);
  });
}
