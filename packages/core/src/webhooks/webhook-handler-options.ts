import type { BulkRun } from "../schemas/bulk-run";
import type { WorkflowRun } from "../schemas/workflow-run";
import type { WebhookIdStore } from "./id-store";
import type { ProcessOnceOptions } from "./process-once";
import type { ConfirmClient } from "./read-delivery";
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
export interface WebhookHandlerOptions
  extends VerifyWebhookOptions,
    Omit<ProcessOnceOptions, "onStoreError" | "traceContext"> {
  /**
   * Runs `onRun` once per `webhook-id`: the instance that claims an id runs it, copies get 409 while it runs
   * and 200 after. Share one store (`redisIdStore`, `durableObjectIdStore`) across instances, and give each
   * endpoint sharing it its own `dedupeScope`; `false` turns it off.
   * @default an in-memory store (this process or isolate only)
   */
  dedupe?: WebhookIdStore | false | undefined;
  /**
   * A bulk run's webhook carries the bulk run (told by its shape), not a run: with this, such deliveries are verified,
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
  /**
   * Told about every rejected or failed delivery (the response already says why), and about an id store
   * that failed after `onRun` ran. @default console.error for 500s, 503s and the store's failures
   */
  onError?: ((error: unknown) => void) | undefined;
  // `tracing` (from ProcessOnceOptions): one span per delivery, linked to the span that created the run
  // (its `traceparent` read from the request URL's query string or header).
  /** The largest body accepted, in bytes; a larger one is answered 413 as soon as it passes the limit. @default 1_048_576 */
  maxBodyBytes?: number | undefined;
  /**
   * Milliseconds the whole body may take to arrive; a slower one (a slow-loris client) is answered 408.
   * `Infinity` turns the deadline off. @default 10_000
   */
  bodyTimeoutMs?: number | undefined;
}
