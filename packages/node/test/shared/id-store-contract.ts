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
  /** A webhook id of this describe's own (library and name), so that describes on one server never meet. */
  id(name: string): string;
}

/** The id-store tests that read the same on every shared store: claims racing over two clients. */
export function testIdStoreContract({ store, connections, stores, id }: IdStoreContract): void {
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
