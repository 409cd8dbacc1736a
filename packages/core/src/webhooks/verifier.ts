import type { WorkflowRun } from "../schemas/workflow-run";
import type { WebhookHeaders } from "./headers";
import { parseWebhookSecrets } from "./secret";
import {
  matchesAny,
  noMatchingSignature,
  readSignedMessage,
  type VerifyWebhookOptions,
} from "./signed-message";
import { bodyText, parseWebhookRun } from "./webhook-body";

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

/** A runtime's verifier (`"sync"` on node:crypto, `"async"` on Web Crypto): the verified body as text, or a run. */
export interface WebhookVerifier<TOut> {
  /** Checks headers, timestamp and signature; returns the verified raw body as text. */
  verifySignature: VerifyCall<TOut, string>;
  /** Verifies, then parses the body into a typed `WorkflowRun` (a bulk run's body is refused, naming `verifyDelivery`). */
  verify: VerifyCall<TOut, WorkflowRun>;
}

type VerifyCall<TOut, T> = (
  body: string | Uint8Array,
  headers: WebhookHeaders,
  secrets: WebhookSecrets,
  options?: VerifyWebhookOptions,
) => TOut extends "sync" ? T : Promise<T>;

/** Builds the synchronous verifier from a runtime's HMAC (used by `@leap-workflows/node`). */
export function createWebhookVerifier(hmac: HmacSha256): WebhookVerifier<"sync"> {
  const verifySignature: WebhookVerifier<"sync">["verifySignature"] = (body, headers, secrets, options) => {
    const keys = parseWebhookSecrets(secrets);
    const message = readSignedMessage(body, headers, options);
    for (const key of keys) {
      if (matchesAny(hmac(key, message.content), message.signatures)) return bodyText(body);
    }
    throw noMatchingSignature();
  };
  return {
    verifySignature,
    verify: (...args) => parseWebhookRun(verifySignature(...args)),
  };
}

/** Builds the asynchronous verifier from a runtime's HMAC (used by `@leap-workflows/edge`). */
export function createAsyncWebhookVerifier(hmac: AsyncHmacSha256): WebhookVerifier<"async"> {
  const verifySignature: WebhookVerifier<"async">["verifySignature"] = async (
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
    verify: async (...args) => parseWebhookRun(await verifySignature(...args)),
  };
}
