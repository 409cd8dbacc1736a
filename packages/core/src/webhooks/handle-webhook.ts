import { LeapError } from "../errors/leap-error";
import { WebhookVerificationError } from "../errors/webhook-verification-error";
import type { BulkRun } from "../schemas/bulk-run";
import type { WorkflowRun } from "../schemas/workflow-run";
import { readHeader, type WebhookHeaders } from "./headers";
import { createMemoryIdStore, type WebhookIdStore } from "./id-store";
import type { ConfirmClient, WebhookDelivery } from "./read-delivery";
import type { VerifyWebhookOptions } from "./signed-message";

/** What `onRun` and `onBulkRun` learn besides the run. */
export interface WebhookContext {
  /** The delivery's `webhook-id`, the same on every retry of it. */
  webhookId: string | undefined;
}

/** Called with each verified run; throw (or reject) to answer 500 so that the sender retries. */
export type OnRun<TRun = WorkflowRun> = (run: TRun, context: WebhookContext) => unknown;

/** Called with each verified bulk run; throw (or reject) to answer 500 so that the sender retries. */
export type OnBulkRun = (bulkRun: BulkRun, context: WebhookContext) => unknown;

/** Options of the node and edge `webhookHandler`s. */
export interface WebhookHandlerOptions extends VerifyWebhookOptions {
  /** Drops deliveries whose `webhook-id` was handled already; `false` turns it off. @default an in-memory store */
  dedupe?: WebhookIdStore | false | undefined;
  /** How long a handled id is remembered. @default 3600 */
  dedupeTtlSeconds?: number | undefined;
  /**
   * A bulk run's webhook carries the bulk run (`bkr_…`), not a run: with this, such deliveries are verified,
   * deduplicated and handed here. Without it they are answered 400, naming this option.
   */
  onBulkRun?: OnBulkRun | undefined;
  /**
   * For deployments that send unsigned webhooks: take only the run id from the body, re-read the run
   * through this client and hand that to `onRun`; the unverified body is never used. Pass `null` as the secret
   * (with a secret as well, the signature is checked first and the run is still re-read). Bulk runs are
   * re-read with `bulkRuns.retrieve`.
   */
  confirmWith?: ConfirmClient | undefined;
  /** Told about every rejected or failed delivery (the response already says why). @default console.error for 500s */
  onError?: ((error: unknown) => void) | undefined;
  /** The largest body accepted, in bytes; a larger one is answered 413 as soon as it passes the limit. @default 1_048_576 */
  maxBodyBytes?: number | undefined;
  /**
   * Milliseconds the whole body may take to arrive; a slower one (a slow-loris client) is answered 408.
   * `Infinity` turns the deadline off. @default 10_000
   */
  bodyTimeoutMs?: number | undefined;
}

/** A handler's answer, before the runtime turns it into a response. */
export interface WebhookAnswer {
  status: number;
  body: { ok: true; duplicate?: true } | { error: { type: string; message: string } };
}

const answerError = (status: number, type: string, message: string): WebhookAnswer => ({
  status,
  body: { error: { type, message } },
});

/**
 * The handler logic both runtimes share: read the delivery (verify or confirm), drop duplicates, call
 * `onRun` or `onBulkRun`, and choose the status: 401 bad signature, 400 bad body, 200 handled (or a
 * duplicate), 409 while the same `webhook-id` is being handled, 500 when the callback failed, 502 when
 * `confirmWith` could not read the run.
 */
export function createDeliveryHandler(
  read: (body: string | Uint8Array, headers: WebhookHeaders) => Promise<WebhookDelivery>,
  onRun: OnRun,
  options: WebhookHandlerOptions,
): (body: string | Uint8Array, headers: WebhookHeaders) => Promise<WebhookAnswer> {
  const store = options.dedupe === false ? undefined : (options.dedupe ?? createMemoryIdStore());
  const ttl = options.dedupeTtlSeconds ?? 3600;
  const inFlight = new Set<string>();
  const report =
    options.onError ?? ((error: unknown) => console.error("[leap] webhook handler failed:", error));

  return async (body, headers) => {
    const webhookId = readHeader(headers, "webhook-id") ?? readHeader(headers, "svix-id");
    let delivery: WebhookDelivery;
    try {
      delivery = await read(body, headers);
    } catch (error) {
      // Anything else is unexpected: createWebhookHandler tells onError (once) and answers 500.
      if (!LeapError.isInstance(error)) throw error;
      options.onError?.(error);
      if (WebhookVerificationError.isInstance(error)) {
        return answerError(error.reason === "invalid_body" ? 400 : 401, error.reason, error.message);
      }
      return answerError(502, error.name, `Could not confirm the run: ${error.message}`);
    }
    const tracked = webhookId !== undefined && store !== undefined ? webhookId : undefined;
    // Claimed before the first await, so a copy arriving while this one runs cannot slip past the store check.
    if (tracked !== undefined && inFlight.has(tracked)) {
      return answerError(
        409,
        "in_progress",
        "This delivery is being handled right now; a retry will be answered",
      );
    }
    if (tracked !== undefined) inFlight.add(tracked);
    try {
      try {
        if (tracked !== undefined && (await store?.has(tracked)))
          return { status: 200, body: { ok: true, duplicate: true } };
        if (delivery.kind === "run") await onRun(delivery.run, { webhookId });
        else await options.onBulkRun?.(delivery.bulkRun, { webhookId });
      } catch (error) {
        report(error);
        const callback = delivery.kind === "run" ? "onRun" : "onBulkRun";
        return answerError(500, "handler_failed", `${callback} failed; the sender will retry this delivery`);
      }
      try {
        if (tracked !== undefined) await store?.add(tracked, ttl);
      } catch (error) {
        // onRun succeeded: answering 500 now would make the sender deliver (and onRun handle) it again.
        report(error);
      }
      return { status: 200, body: { ok: true } };
    } finally {
      if (tracked !== undefined) inFlight.delete(tracked);
    }
  };
}
