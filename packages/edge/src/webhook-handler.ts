import type { AnyWorkflow, OnRun, WebhookHandlerOptions } from "@leap-workflows/core";
import {
  createFetchWebhookHandler,
  type FetchWebhookHandlerArguments,
  type WebhookSecrets,
  type WorkflowWebhookHandlers,
} from "@leap-workflows/core/internal";
import { verifier } from "./verify-webhook";

/**
 * A `Request -> Response` handler for Leap webhooks: verifies, drops duplicate deliveries, and calls
 * `onRun` with the typed run (or `options.onBulkRun` with a bulk run). Answers 405 to anything but POST, 401
 * (bad signature), 400 (bad body), 413 (over `maxBodyBytes`), 408 (body slower than `bodyTimeoutMs`), 200
 * (handled), 409 (a copy arriving while the first runs), 500 when the callback throws or 503 when the id store
 * does not answer in time, so that the sender retries. Answers and statuses are the same as
 * `@leap-workflows/node`'s `webhookHandler` and `webhookFetchHandler`.
 *
 * ```ts
 * // app/api/leap/route.ts
 * export const POST = webhookHandler(process.env.LEAP_WEBHOOK_SECRET!, async (run) => { ... });
 * ```
 */
export function webhookHandler<const Definitions extends readonly AnyWorkflow[]>(
  secret: WebhookSecrets | null,
  handlers: WorkflowWebhookHandlers<Definitions>,
  options?: WebhookHandlerOptions,
): (request: Request) => Promise<Response>;
export function webhookHandler(
  secret: WebhookSecrets | null,
  onRun: OnRun,
  options?: WebhookHandlerOptions,
): (request: Request) => Promise<Response>;
export function webhookHandler(
  ...args: FetchWebhookHandlerArguments
): (request: Request) => Promise<Response> {
  return createFetchWebhookHandler(verifier.verifySignature, ...args);
}
