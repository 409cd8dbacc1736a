import { WebhookVerificationError } from "../errors/webhook-verification-error";
import type { WebhookHeaders } from "./headers";
import type { VerifyWebhookOptions } from "./signed-message";
import type { WebhookSecrets } from "./verifier";

/** A webhook request as its raw body (exactly as received) and its headers. */
export interface RawWebhook {
  /** The raw body: a string, or bytes (a `Uint8Array`, e.g. a Node `Buffer`). Never parsed JSON. */
  body: string | Uint8Array;
  headers: WebhookHeaders;
}

/**
 * The arguments of every `verifyWebhook` / `verifyWebhookSignature`, on node and edge alike:
 * `(rawBody, headers, secret, options?)` or `(request, secret, options?)`, where a request is `{ body, headers }`
 * or the runtime's own request type (`TRequest`: a Fetch `Request` on edge).
 */
export type VerifyWebhookArguments<TRequest = never> =
  | [
      rawBody: string | Uint8Array,
      headers: WebhookHeaders,
      secret: WebhookSecrets,
      options?: VerifyWebhookOptions | undefined,
    ]
  | [request: TRequest | RawWebhook, secret: WebhookSecrets, options?: VerifyWebhookOptions | undefined];

/** One verification call, whichever shape it came in. */
export interface VerifyCall<TRequest> {
  request: TRequest | RawWebhook;
  secret: WebhookSecrets;
  options: VerifyWebhookOptions | undefined;
}

// Names the kind of a wrong argument, never its value: it may be the secret.
const kindOf = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "array" : typeof value;

/** The error for a body that is not the raw body (the verifiers check it too). */
export const notRawBody = (body: unknown): WebhookVerificationError =>
  new WebhookVerificationError(
    "invalid_body",
    `Pass the raw body (string or bytes) as received, not ${kindOf(body)}: parsed JSON cannot be verified. ` +
      "Keep it raw: express.raw({ type: 'application/json' }), or await request.text()",
  );

/**
 * Reads either call shape of `verifyWebhook`; a wrong one (a parsed body, missing headers, a secret in the
 * wrong place) is a `WebhookVerificationError` that says what to pass, never a `TypeError` from deep inside.
 * `isRequest` recognises the runtime's own request type (edge: `Request`).
 */
export function readVerifyArguments<TRequest>(
  args: readonly unknown[],
  isRequest: (value: unknown) => value is TRequest,
): VerifyCall<TRequest> {
  const [first, ...rest] = args;
  if (isRequest(first))
    return { request: first, secret: rest[0] as WebhookSecrets, options: rest[1] as never };
  // `{ body, headers }`: a plain pair, or a framework's request (Express's, behind express.raw()).
  const paired = typeof first === "object" && first !== null && "headers" in first;
  const { body, headers } = paired
    ? (first as { body?: unknown; headers?: unknown })
    : { body: first, headers: rest.shift() };
  const [secret, options] = rest;
  if (typeof body !== "string" && !(body instanceof Uint8Array)) throw notRawBody(body);
  if (typeof headers !== "object" || headers === null) {
    throw new WebhookVerificationError(
      "missing_header",
      `Pass the request headers, not ${kindOf(headers)}: verifyWebhook(rawBody, headers, secret) or ({ body, headers }, secret)`,
    );
  }
  // undefined, null and [] go on to parseWebhookSecrets, whose message asks whether LEAP_WEBHOOK_SECRET is set.
  if (typeof secret === "object" && secret !== null && !Array.isArray(secret)) {
    throw new WebhookVerificationError(
      "malformed_secret",
      `Pass the whsec_… secret (or an array of them), not ${kindOf(secret)}`,
    );
  }
  return {
    request: { body, headers: headers as WebhookHeaders },
    secret: secret as WebhookSecrets,
    options: options as VerifyWebhookOptions | undefined,
  };
}
