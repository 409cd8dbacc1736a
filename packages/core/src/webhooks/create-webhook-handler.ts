import { validateNumbers } from "../client/validate-numbers";
import type { AnyWorkflow } from "../workflows/define-workflow";
import { resolveWebhookHandlers, type WorkflowWebhookHandlers } from "../workflows/webhook-workflows";
import {
  createWebhookHandlerCore,
  type OnRun,
  type WebhookAnswer,
  type WebhookHandlerOptions,
} from "./handle-webhook";
import type { WebhookHeaders } from "./headers";
import { createDeliveryReader } from "./read-delivery";
import { parseWebhookSecrets } from "./secret";
import type { VerifyWebhookOptions } from "./signed-message";
import type { WebhookSecrets } from "./verifier";

/**
 * Everything a runtime's `webhookHandler` does once it has the raw body and headers; node and edge
 * differ only in their HMAC (`verifySignature`) and in how they read requests and write responses.
 */
export function createWebhookHandler(
  verifySignature: (
    body: string | Uint8Array,
    headers: WebhookHeaders,
    secrets: WebhookSecrets,
    options?: VerifyWebhookOptions,
  ) => string | Promise<string>,
  secret: WebhookSecrets | null,
  handlers: OnRun | WorkflowWebhookHandlers<readonly AnyWorkflow[]>,
  options: WebhookHandlerOptions,
): (body: string | Uint8Array, headers: WebhookHeaders) => Promise<WebhookAnswer> {
  const { confirmWith, onBulkRun } = options;
  // At setup: a NaN here would otherwise accept any old timestamp or lift the body cap (the id TTLs are
  // checked where they are used, in resolveProcessOnceOptions).
  validateNumbers("webhook handler options", [
    ["toleranceSeconds", options.toleranceSeconds, "seconds"],
    ["maxBodyBytes", options.maxBodyBytes, "size"],
  ]);
  // A malformed secret fails here, at setup, instead of rejecting every delivery later.
  if (secret !== null || !confirmWith) parseWebhookSecrets(secret);
  const { onRun, parseRun } = resolveWebhookHandlers(handlers);
  const read = createDeliveryReader(
    // A secret and confirmWith: the signature is still checked, then the run is re-read.
    secret === null ? null : (body, headers) => verifySignature(body, headers, secret, options),
    { confirmWith, parseRun, acceptBulkRuns: onBulkRun !== undefined },
  );
  return createWebhookHandlerCore(read, onRun, options);
}
