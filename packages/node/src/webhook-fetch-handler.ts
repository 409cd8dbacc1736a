import type { AnyWorkflow, OnRun, WebhookHandlerOptions } from "@leap-workflows/core";
import {
  createFetchWebhookHandler,
  type FetchWebhookHandlerArguments,
  type WebhookSecrets,
  type WorkflowWebhookHandlers,
} from "@leap-workflows/core/internal";
import { verifier } from "./verify-webhook";

/**
 * A `Request -> Response` handler for Leap webhooks on Node: for Next.js App Router route handlers, Hono and
 * any Fetch-style framework. The same options and answers as `webhookHandler` (node:http / Express) and as
 * `@leap-workflows/edge`'s `webhookHandler`: verifies, drops duplicate deliveries, calls `onRun` with the typed
 * run (or `options.onBulkRun` with a bulk run), and answers 405, 401, 400, 413, 408, 200, 409, 500 or 503.
 *
 * ```ts
 * // app/api/leap/route.ts
 * export const POST = webhookFetchHandler(process.env.LEAP_WEBHOOK_SECRET!, async (run) => { ... });
 * ```
 */
export function webhookFetchHandler<const Definitions extends readonly AnyWorkflow[]>(
  secret: WebhookSecrets | null,
  handlers: WorkflowWebhookHandlers<Definitions>,
  options?: WebhookHandlerOptions,
): (request: Request) => Promise<Response>;
export function webhookFetchHandler(
  secret: WebhookSecrets | null,
  onRun: OnRun,
  options?: WebhookHandlerOptions,
): (request: Request) => Promise<Response>;
export function webhookFetchHandler(
  ...args: FetchWebhookHandlerArguments
): (request: Request) => Promise<Response> {
  return createFetchWebhookHandler(verifier.verifySignature, ...args);
}
