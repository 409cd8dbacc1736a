import { type VerifyWebhookOptions, WebhookVerificationError, type WorkflowRun } from "@leap-workflows/core";
import {
  createAsyncWebhookVerifier,
  type WebhookHeaders,
  type WebhookSecrets,
  webCryptoHmac,
} from "@leap-workflows/core/internal";

// Pure: a bundle that does not use this module's exports drops the verifier with it.
const verifier = /* @__PURE__ */ createAsyncWebhookVerifier(webCryptoHmac);

/** A webhook request: a Fetch `Request`, or its raw body and headers. */
export type WebhookInput = Request | { body: string | Uint8Array; headers: WebhookHeaders };

async function readInput(
  input: WebhookInput,
): Promise<{ body: string | Uint8Array; headers: WebhookHeaders }> {
  // Reading a clone leaves the caller's Request body unread, so it can still be read afterwards.
  if (input instanceof Request) {
    if (input.bodyUsed) {
      throw new WebhookVerificationError(
        "invalid_body",
        "The Request body was already read: verify before reading it, or pass { body, headers } with the raw text you read",
      );
    }
    return { body: new Uint8Array(await input.clone().arrayBuffer()), headers: input.headers };
  }
  return input;
}

/**
 * Verifies a Leap webhook on Web Crypto and returns the typed, validated run. Works in Cloudflare
 * Workers, Vercel Edge, Next.js route handlers, Deno, Bun and browsers. The key is imported once per
 * secret. Throws `WebhookVerificationError` with a `reason`.
 *
 * ```ts
 * const run = await verifyWebhook(request, env.LEAP_WEBHOOK_SECRET);
 * ```
 */
export async function verifyWebhook(
  input: WebhookInput,
  secret: WebhookSecrets,
  options?: VerifyWebhookOptions,
): Promise<WorkflowRun> {
  const { body, headers } = await readInput(input);
  return verifier.verify(body, headers, secret, options);
}

/** Verifies the signature only and returns the raw body as text, for payloads that are not runs. */
export async function verifyWebhookSignature(
  input: WebhookInput,
  secret: WebhookSecrets,
  options?: VerifyWebhookOptions,
): Promise<string> {
  const { body, headers } = await readInput(input);
  return verifier.verifySignature(body, headers, secret, options);
}
