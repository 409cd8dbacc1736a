import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type DeliveryAnswer, finishedRunBody } from "@leap-workflows/test-kit/webhook-sender";
import { expect } from "vitest";
import { generateWebhookSecret, type WebhookIdStore, webhookHandler } from "../src/index";
import { createWebhookHeaders } from "../src/testing";

/** What the sender saw, and how long after `from` (milliseconds, performance.now()). */
interface TimedAnswer extends DeliveryAnswer {
  afterMs: number;
}

/**
 * A node:http receiver on a shared id store whose `onRun` holds deliveries named `held-*` until the test
 * lets each one finish or fail, so that the store can be taken away while they run.
 */
export interface HeldReceiver {
  /** Posts a signed delivery of run `runId` (its webhook-id is `msg_<runId>`). */
  post(runId: string, from?: number): Promise<TimedAnswer>;
  /** Resolves once `onRun` of `runId` has started. */
  started(runId: string): Promise<void>;
  /** Lets the held `onRun` of `runId` return, or throw. */
  finish(runId: string, outcome: "returns" | "throws"): void;
  /** Run ids whose `onRun` started, in order. */
  onRuns: string[];
  /** What `onError` was told. */
  errors: unknown[];
  close(): Promise<void>;
}

export async function startHeldReceiver(store: WebhookIdStore): Promise<HeldReceiver> {
  const secret = generateWebhookSecret();
  const onRuns: string[] = [];
  const errors: unknown[] = [];
  const startWaiters = new Map<string, () => void>();
  const finishers = new Map<string, (outcome: "returns" | "throws") => void>();
  const server: Server = createServer(
    webhookHandler(
      secret,
      async (run) => {
        onRuns.push(run.id);
        startWaiters.get(run.id)?.();
        if (!run.id.startsWith("held-")) return;
        const outcome = await new Promise<"returns" | "throws">((resolve) => finishers.set(run.id, resolve));
        if (outcome === "throws") throw new Error(`onRun of ${run.id} fails on purpose`);
      },
      { dedupe: store, onError: (error) => errors.push(error) },
    ),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    async post(runId, from = performance.now()) {
      const body = finishedRunBody(runId);
      const headers = await createWebhookHeaders({ secret, body, id: `msg_${runId}` });
      const response = await fetch(url, { method: "POST", body, headers });
      const answer = (await response.json()) as DeliveryAnswer["body"];
      return { status: response.status, body: answer, afterMs: performance.now() - from };
    },
    started: (runId) =>
      onRuns.includes(runId)
        ? Promise.resolve()
        : new Promise<void>((resolve) => startWaiters.set(runId, resolve)),
    finish(runId, outcome) {
      const finish = finishers.get(runId);
      if (finish === undefined) throw new Error(`onRun of ${runId} is not being held`);
      finish(outcome);
    },
    onRuns,
    errors,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** How soon every delivery is answered once the store is gone: the default store timeout (5 s) and a margin. */
const OUTAGE_ANSWER_MS = 6_000;

/**
 * The store goes away while two deliveries are in `onRun`: the one whose `onRun` then returns is answered
 * 200 (its work is done: a retry would do it again; the failed `complete` is reported), the one whose `onRun`
 * throws 500, and a new delivery 500 or 503 without running `onRun`, each within 6 s. 5xx makes the sender
 * retry.
 */
export async function proveOutageAnswers(
  receiver: HeldReceiver,
  takeAway: () => Promise<void>,
): Promise<void> {
  // The store works: a first delivery is processed (the connection and any table exist).
  expect(await receiver.post("warm-up")).toMatchObject({ status: 200, body: { ok: true } });
  const returns = receiver.post("held-returns");
  const throws = receiver.post("held-throws");
  await Promise.all([receiver.started("held-returns"), receiver.started("held-throws")]);
  await takeAway();
  const from = performance.now();
  receiver.finish("held-returns", "returns");
  receiver.finish("held-throws", "throws");
  const fresh = receiver.post("fresh", from);
  const [returned, thrown, freshAnswer] = await Promise.all([
    returns.then((answer) => ({ ...answer, afterMs: performance.now() - from })),
    throws.then((answer) => ({ ...answer, afterMs: performance.now() - from })),
    fresh,
  ]);
  expect(returned).toMatchObject({ status: 200, body: { ok: true } });
  expect(thrown).toMatchObject({ status: 500, body: { error: { type: "handler_failed" } } });
  expect([500, 503]).toContain(freshAnswer.status);
  expect(["id_store_failed", "id_store_timeout"]).toContain(
    (freshAnswer.body as { error?: { type?: string } }).error?.type,
  );
  for (const answer of [returned, thrown, freshAnswer]) expect(answer.afterMs).toBeLessThan(OUTAGE_ANSWER_MS);
  expect([...receiver.onRuns].sort()).toEqual(["held-returns", "held-throws", "warm-up"]);
  // The failed complete and release were reported, not swallowed.
  expect(receiver.errors.length).toBeGreaterThanOrEqual(3);
}
