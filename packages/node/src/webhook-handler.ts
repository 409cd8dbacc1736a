import type { IncomingMessage, ServerResponse } from "node:http";
import type { AnyWorkflow, OnRun, WebhookHandlerOptions } from "@leap-workflows/core";
import {
  createWebhookHandler,
  type WebhookSecrets,
  type WorkflowWebhookHandlers,
} from "@leap-workflows/core/internal";
import { type NodeRequest, readRawBody } from "./read-body";
import { verifier } from "./verify-webhook";

/**
 * A node:http / Express handler for Leap webhooks: reads the raw body, verifies it, drops duplicate
 * deliveries, and calls `onRun` with the typed run (or `options.onBulkRun` with a bulk run). Answers 405 to
 * anything but POST, 401 (bad signature), 400 (bad body), 413 (over `maxBodyBytes`), 408 (body slower than
 * `bodyTimeoutMs`), 200 (handled), 409 (a copy arriving while the first runs), 500 when the callback throws or
 * 503 when the id store does not answer in time, so that the sender retries. Answers and statuses are the same
 * as `webhookFetchHandler`'s (for a Fetch `Request`) and `@leap-workflows/edge`'s `webhookHandler`.
 *
 * ```ts
 * http.createServer(webhookHandler(process.env.LEAP_WEBHOOK_SECRET!, async (run) => save(run))).listen(3000);
 * app.post("/hooks/leap", webhookHandler(secret, onRun)); // Express: before express.json()
 * ```
 */
export function webhookHandler<const Definitions extends readonly AnyWorkflow[]>(
  secret: WebhookSecrets | null,
  handlers: WorkflowWebhookHandlers<Definitions>,
  options?: WebhookHandlerOptions,
): (request: IncomingMessage, response: ServerResponse) => Promise<void>;
export function webhookHandler(
  secret: WebhookSecrets | null,
  onRun: OnRun,
  options?: WebhookHandlerOptions,
): (request: IncomingMessage, response: ServerResponse) => Promise<void>;
export function webhookHandler(
  secret: WebhookSecrets | null,
  onRun: OnRun | WorkflowWebhookHandlers<readonly AnyWorkflow[]>,
  options: WebhookHandlerOptions = {},
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const handle = createWebhookHandler(verifier.verifySignature, secret, onRun, options);
  return async (request: NodeRequest, response) => {
    const reply = await handle({
      method: request.method,
      url: request.url,
      headers: request.headers,
      readBody: (limits) => readRawBody(request, limits),
    });
    // The rest of an oversized or late body is never read: closing the connection frees it (keep-alive
    // would hold it, and would parse the rest as the next request).
    const unread = reply.status === 413 || reply.status === 408;
    response.writeHead(reply.status, unread ? { ...reply.headers, connection: "close" } : reply.headers);
    response.end(reply.body);
    if (unread) response.once("finish", () => request.destroy());
  };
}
