import { LeapError } from "../errors/leap-error";
import { ConfigurationError } from "../errors/validation-errors";
import { WebhookVerificationError } from "../errors/webhook-verification-error";
import type { BulkRun } from "../schemas/bulk-run";
import type { WorkflowRun } from "../schemas/workflow-run";
import { readHeader, type WebhookHeaders } from "./headers";
import { createMemoryIdStore, type WebhookIdStore } from "./id-store";
import { type ProcessOnceResult, processWebhookOnce, resolveProcessOnceOptions } from "./process-once";
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
  /**
   * Runs `onRun` once per `webhook-id`: the instance that claims an id runs it, copies get 409 while it runs
   * and 200 after. Share one store (`redisIdStore`, `durableObjectIdStore`) across instances; `false` turns
   * it off. @default an in-memory store (this process or isolate only)
   */
  dedupe?: WebhookIdStore | false | undefined;
  /** How long a handled id is remembered. @default 3600 */
  dedupeTtlSeconds?: number | undefined;
  /**
   * How long a claim lives while `onRun` runs: the claim of an instance that crashed expires after it and
   * the sender's retry runs then. Keep it above your slowest `onRun`. @default 60
   */
  claimTtlSeconds?: number | undefined;
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
 * duplicate), 409 while the same `webhook-id` is being handled, 500 when the callback or the id store failed,
 * 502 when `confirmWith` could not read the run.
 */
export function createWebhookHandlerCore(
  read: (body: string | Uint8Array, headers: WebhookHeaders) => Promise<WebhookDelivery>,
  onRun: OnRun,
  options: WebhookHandlerOptions,
): (body: string | Uint8Array, headers: WebhookHeaders) => Promise<WebhookAnswer> {
  const store = options.dedupe === false ? undefined : (options.dedupe ?? createMemoryIdStore());
  if (store !== undefined && typeof (store as Partial<WebhookIdStore>).claim !== "function") {
    throw new ConfigurationError(
      "dedupe must be a WebhookIdStore with claim, complete and release (has/add stores are not atomic " +
        "across instances): use createMemoryIdStore, redisIdStore or durableObjectIdStore",
    );
  }
  const ttls = resolveProcessOnceOptions(options);
  const report =
    options.onError ?? ((error: unknown) => console.error("[leap] webhook handler failed:", error));

  return async (body, headers) => {
    const webhookId = readHeader(headers, "webhook-id") ?? readHeader(headers, "svix-id");
    let delivery: WebhookDelivery;
    try {
      delivery = await read(body, headers);
    } catch (error) {
      options.onError?.(error);
      if (WebhookVerificationError.isInstance(error)) {
        return answerError(error.reason === "invalid_body" ? 400 : 401, error.reason, error.message);
      }
      if (LeapError.isInstance(error))
        return answerError(502, error.name, `Could not confirm the run: ${error.message}`);
      throw error;
    }
    // Whether the callback ran tells its failure from the store's (the claim failed before it).
    let called = false;
    const call = () => {
      called = true;
      return delivery.kind === "run"
        ? onRun(delivery.run, { webhookId })
        : options.onBulkRun?.(delivery.bulkRun, { webhookId });
    };
    let result: ProcessOnceResult;
    try {
      if (!webhookId || store === undefined) {
        await call();
        result = "processed";
      } else {
        result = await processWebhookOnce(store, webhookId, call, { ...ttls, onStoreError: report });
      }
    } catch (error) {
      report(error);
      if (!called) {
        return answerError(500, "id_store_failed", "The webhook id store failed; the sender will retry");
      }
      const callback = delivery.kind === "run" ? "onRun" : "onBulkRun";
      return answerError(500, "handler_failed", `${callback} failed; the sender will retry this delivery`);
    }
    if (result === "in-progress") {
      return answerError(
        409,
        "in_progress",
        "This delivery is being handled right now; a retry will be answered",
      );
    }
    return result === "duplicate"
      ? { status: 200, body: { ok: true, duplicate: true } }
      : { status: 200, body: { ok: true } };
  };
}
