import { createHmac } from "node:crypto";
import type { VerifyWebhookOptions, WorkflowRun } from "@leap-workflows/core";
import {
  createWebhookVerifier,
  type WebhookHeaders,
  type WebhookSecrets,
} from "@leap-workflows/core/internal";

// node:crypto is synchronous, so verification here needs no await (unlike Web Crypto on the edge).
const verifier = createWebhookVerifier((key, [prefix, body]) =>
  createHmac("sha256", key).update(prefix).update(body).digest("base64"),
);

/**
 * Verifies a Leap webhook and returns the typed, validated run. Pass the RAW body exactly as received
 * (string, Buffer or Uint8Array), the request headers, and your `whsec_…` secret (or several while rotating).
 * Throws `WebhookVerificationError` with a `reason`.
 *
 * ```ts
 * const run = verifyWebhook(rawBody, req.headers, process.env.LEAP_WEBHOOK_SECRET!);
 * ```
 */
export function verifyWebhook(
  rawBody: string | Uint8Array,
  headers: WebhookHeaders,
  secret: WebhookSecrets,
  options?: VerifyWebhookOptions,
): WorkflowRun {
  return verifier.verify(rawBody, headers, secret, options);
}

/** Verifies the signature only and returns the raw body as text, for payloads that are not runs. */
export function verifyWebhookSignature(
  rawBody: string | Uint8Array,
  headers: WebhookHeaders,
  secret: WebhookSecrets,
  options?: VerifyWebhookOptions,
): string {
  return verifier.verifySignature(rawBody, headers, secret, options);
}
