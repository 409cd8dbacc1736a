import { describe, expect, test } from "vitest";
import {
  ConfigurationError,
  type DurableObjectNamespaceLike,
  durableObjectIdStore,
  generateWebhookSecret,
  IdStoreError,
  LeapError,
  webhookHandler,
} from "../src/index";
import { createWebhookHeaders } from "../src/testing";

// What a misbound or failing Durable Object looks like to the store: typed errors, never a bare Error or
// TypeError. (The store itself is proven in workerd by durable-object-id-store.node.test.ts.)

/** A namespace whose object answers every request with `status` and `body`. */
const answering = (status: number, body: unknown): DurableObjectNamespaceLike => ({
  idFromName: (name: string) => name,
  get: () => ({ fetch: async () => new Response(JSON.stringify(body), { status }) }),
});

describe("durableObjectIdStore errors", () => {
  test("something other than a namespace binding is a ConfigurationError at setup", () => {
    for (const namespace of [undefined, {}, { get: () => ({}) }]) {
      const error = (() => {
        try {
          durableObjectIdStore(namespace as never);
        } catch (caught) {
          return caught;
        }
      })();
      expect(ConfigurationError.isInstance(error), String(error)).toBe(true);
      expect((error as Error).message).toMatch(/Durable Object namespace binding/);
    }
  });

  test("an object answering an error, or no claim result, is an IdStoreError (a LeapError) with reason bad_answer", async () => {
    const entry = { token: "t", ttlSeconds: 60 };
    const failing = durableObjectIdStore(answering(500, {}));
    await expect(failing.claim("msg_1", entry)).rejects.toSatisfy(
      (error) =>
        IdStoreError.isInstance(error) && LeapError.isInstance(error) && error.reason === "bad_answer",
    );
    await expect(failing.claim("msg_1", entry)).rejects.toThrow(/answered 500 to claim/);
    const silent = durableObjectIdStore(answering(200, {}));
    await expect(silent.claim("msg_1", entry)).rejects.toMatchObject({
      name: "IdStoreError",
      operation: "claim",
      reason: "bad_answer",
    });
  });

  test("the handler answers such a store 500 id_store_failed, so the sender retries, and onRun never runs", async () => {
    const secret = generateWebhookSecret();
    let runs = 0;
    const errors: unknown[] = [];
    const handle = webhookHandler(secret, () => void runs++, {
      dedupe: durableObjectIdStore(answering(500, {})),
      onError: (error) => errors.push(error),
    });
    const body = JSON.stringify({
      id: "rnp_1",
      version_id: "v1",
      status: "completed",
      created_at: "2026-11-28T12:00:00.000Z",
      workflow_id: "wkf_1",
      started_at: null,
      ended_at: null,
      error: null,
      input: null,
      output: null,
    });
    const headers = await createWebhookHeaders({ secret, body });
    const answer = await handle(new Request("https://app.test/hooks", { method: "POST", body, headers }));
    expect([answer.status, (await answer.json()).error.type]).toEqual([500, "id_store_failed"]);
    expect(runs).toBe(0);
    expect(errors).toEqual([expect.objectContaining({ name: "IdStoreError" })]);
  });
});
