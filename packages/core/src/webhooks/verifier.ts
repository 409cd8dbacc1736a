import type { WorkflowRun } from "../schemas/workflow-run";
import type { WebhookHeaders } from "./headers";
import { parseWebhookSecrets } from "./secret";
import {
  matchesAny,
  noMatchingSignature,
  readSignedMessage,
  type VerifyWebhookOptions,
} from "./signed-message";
import { bodyText, checkWebhookRun, parseWebhookJson } from "./webhook-body";

/**
 * HMAC-SHA256 of the concatenated `parts` under `key`, as standard base64. Runtimes inject it:
 * node:crypto in `@leap-workflows/node`, Web Crypto in `@leap-workflows/edge`.
 */
export type HmacSha256 = (key: Uint8Array, parts: readonly [string, string | Uint8Array]) => string;
/** The same, for runtimes whose crypto is asynchronous (Web Crypto). */
export type AsyncHmacSha256 = (
  key: Uint8Array,
  parts: readonly [string, string | Uint8Array],
) => Promise<string>;

/** One secret, or several while rotating: a webhook verifies when any of them signed it. */
export type WebhookSecrets = string | readonly string[];

/** Synchronous verification over an injected HMAC. */
export interface WebhookVerifier {
  /** Checks headers, timestamp and signature; returns the verified raw body as text. */
  verifySignature(
    body: string | Uint8Array,
    headers: WebhookHeaders,
    secrets: WebhookSecrets,
    options?: VerifyWebhookOptions,
  ): string;
  /** Verifies, then parses the body into a typed `WorkflowRun`. */
  verify(
    body: string | Uint8Array,
    headers: WebhookHeaders,
    secrets: WebhookSecrets,
    options?: VerifyWebhookOptions,
  ): WorkflowRun;
}

/** Asynchronous verification over an injected HMAC (Web Crypto). */
export interface AsyncWebhookVerifier {
  /** Checks headers, timestamp and signature; resolves to the verified raw body as text. */
  verifySignature(
    body: string | Uint8Array,
    headers: WebhookHeaders,
    secrets: WebhookSecrets,
    options?: VerifyWebhookOptions,
  ): Promise<string>;
  /** Verifies, then parses the body into a typed `WorkflowRun`. */
  verify(
    body: string | Uint8Array,
    headers: WebhookHeaders,
    secrets: WebhookSecrets,
    options?: VerifyWebhookOptions,
  ): Promise<WorkflowRun>;
}

/** Builds the synchronous verifier from a runtime's HMAC (used by `@leap-workflows/node`). */
export function createWebhookVerifier(hmac: HmacSha256): WebhookVerifier {
  const verifySignature: WebhookVerifier["verifySignature"] = (body, headers, secrets, options) => {
    const keys = parseWebhookSecrets(secrets);
    const message = readSignedMessage(body, headers, options);
    for (const key of keys) {
      if (matchesAny(hmac(key, message.content), message.signatures)) return bodyText(body);
    }
    throw noMatchingSignature();
  };
  return {
    verifySignature,
    verify: (body, headers, secrets, options) =>
      checkWebhookRun(parseWebhookJson(verifySignature(body, headers, secrets, options))),
  };
}

/** Builds the asynchronous verifier from a runtime's HMAC (used by `@leap-workflows/edge`). */
export function createAsyncWebhookVerifier(hmac: AsyncHmacSha256): AsyncWebhookVerifier {
  const verifySignature: AsyncWebhookVerifier["verifySignature"] = async (
    body,
    headers,
    secrets,
    options,
  ) => {
    const keys = parseWebhookSecrets(secrets);
    const message = readSignedMessage(body, headers, options);
    for (const key of keys) {
      if (matchesAny(await hmac(key, message.content), message.signatures)) return bodyText(body);
    }
    throw noMatchingSignature();
  };
  return {
    verifySignature,
    verify: async (body, headers, secrets, options) =>
      checkWebhookRun(parseWebhookJson(await verifySignature(body, headers, secrets, options))),
  };
}
