import { validateNumbers } from "../client/validate-numbers";
import type { AnyWorkflow } from "../workflows/define-workflow";
import { resolveWebhookHandlers, type WorkflowWebhookHandlers } from "../workflows/webhook-workflows";
import { type WebhookBodyLimits, webhookBodyLimits } from "./body-limits";
import {
  createDeliveryHandler,
  type OnRun,
  type WebhookAnswer,
  type WebhookHandlerOptions,
} from "./handle-webhook";
import type { WebhookHeaders } from "./headers";
import { createDeliveryReader } from "./read-delivery";
import { parseWebhookSecrets } from "./secret";
import type { VerifyWebhookOptions } from "./signed-message";
import type { WebhookSecrets } from "./verifier";

/** A webhook request as a runtime adapter hands it over: method, headers, and a way to read its body. */
export interface WebhookRequest {
  method: string | undefined;
  headers: WebhookHeaders;
  /**
   * Reads the raw body within `limits`, or returns the answer when it cannot: `bodyTooLarge`, `bodyTimedOut`,
   * or `bodyAlreadyRead` when a framework parsed it first.
   */
  readBody(limits: WebhookBodyLimits): Promise<string | Uint8Array | WebhookAnswer>;
}

/** What the runtime adapter writes back, as is: status, headers and the JSON body's text. */
export interface WebhookReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const reply = (answer: WebhookAnswer, headers: Record<string, string> = {}): WebhookReply => ({
  status: answer.status,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(answer.body),
});

const methodNotAllowed = () =>
  reply(
    { status: 405, body: { error: { type: "method_not_allowed", message: "Webhooks are POSTed" } } },
    { allow: "POST" },
  );

// Says nothing about the error itself: it may carry details of the receiver's own systems.
const handlerFailed = () =>
  reply({
    status: 500,
    body: { error: { type: "handler_failed", message: "The webhook could not be handled" } },
  });

const isRawBody = (body: string | Uint8Array | WebhookAnswer): body is string | Uint8Array =>
  typeof body === "string" || body instanceof Uint8Array;

/**
 * The whole of node's and edge's `webhookHandler`, which only adapt requests and responses to it: answers 405
 * to anything but POST, reads the body within the limits, hands it to the delivery handler (verify, drop
 * duplicates, call `onRun`), and turns any unexpected error into a 500 told to `onError`. Both runtimes
 * differ only in their HMAC (`verifySignature`) and in how they read a body and write a reply.
 *
 * One delivery, in reading order: node's or edge's `webhook-handler.ts` (adapts the request) → here (method,
 * body, unexpected errors) → `handle-webhook.ts` (the status) → `read-delivery.ts` (the runtime's
 * `verifySignature`, i.e. `verifier.ts` over `signed-message.ts`; then `webhook-body.ts` checks a run or a
 * bulk run) → `handle-webhook.ts` again (duplicates, the callback) → back here, as the reply the adapter writes.
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
): (request: WebhookRequest) => Promise<WebhookReply> {
  const { confirmWith, onBulkRun } = options;
  // At setup: a NaN here would otherwise accept any old timestamp or lift the body cap (the id TTLs are
  // checked where they are used, in resolveProcessOnceOptions).
  validateNumbers("webhook handler options", options, { toleranceSeconds: "seconds", maxBodyBytes: "size" });
  // A malformed secret or limit fails here, at setup, instead of failing every delivery later.
  if (secret !== null || !confirmWith) {
    parseWebhookSecrets(secret, ", or null with `confirmWith: client` for unsigned webhooks");
  }
  const limits = webhookBodyLimits(options);
  const { onRun, parseRun } = resolveWebhookHandlers(handlers);
  const read = createDeliveryReader(
    // A secret and confirmWith: the signature is still checked, then the run is re-read.
    secret === null ? null : (body, headers) => verifySignature(body, headers, secret, options),
    { confirmWith, parseRun, acceptBulkRuns: onBulkRun !== undefined },
  );
  const deliver = createDeliveryHandler(read, onRun, options);
  const report =
    options.onError ?? ((error: unknown) => console.error("[leap] webhook handler failed:", error));

  return async (request) => {
    if (request.method !== "POST") return methodNotAllowed();
    try {
      const body = await request.readBody(limits);
      if (isRawBody(body)) return reply(await deliver(body, request.headers));
      // A body parsed before the handler saw it is a setup mistake that every delivery will repeat: say so.
      if ("error" in body.body && body.body.error.type === "body_already_parsed") {
        report(new Error(body.body.error.message));
      }
      return reply(body);
    } catch (error) {
      report(error);
      return handlerFailed();
    }
  };
}
