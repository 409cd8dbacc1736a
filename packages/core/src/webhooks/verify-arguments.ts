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

/** One verification call in the `(request, secret, options)` shape, whichever shape it came in. */
export type VerifyCall<TRequest> = [
  request: TRequest | RawWebhook,
  secret: WebhookSecrets,
  options: VerifyWebhookOptions | undefined,
];

/** The error for a body that is not the raw body (the verifiers check it too). It names the type, never the value. */
export const notRawBody = (body: unknown): WebhookVerificationError =>
  new WebhookVerificationError(
    "invalid_body",
    `Webhook body: expected the raw body (string or bytes), received ${typeof body}: use express.raw() or request.text()`,
  );

/**
 * Reads either call shape of `verifyWebhook`; a wrong one (a parsed body, missing headers) is a
 * `WebhookVerificationError` that says what to pass, never a `TypeError` from deep inside (a secret in the wrong
 * place is `parseWebhookSecrets`' `malformed_secret`).
 * `isRequest` recognises the runtime's own request type (edge: `Request`).
 */
export function readVerifyArguments<TRequest>(
  args: readonly unknown[],
  isRequest: (value: unknown) => value is TRequest,
): VerifyCall<TRequest> {
  const [first, ...rest] = args;
  if (isRequest(first)) return [first, ...rest] as VerifyCall<TRequest>;
  // `{ body, headers }`: a plain pair, or a framework's request (Express's, behind express.raw()).
  const paired = typeof first === "object" && first !== null && "headers" in first;
  const { body, headers } = paired
    ? (first as { body?: unknown; headers?: unknown })
    : { body: first, headers: rest.shift() };
  if (typeof body !== "string" && !(body instanceof Uint8Array)) throw notRawBody(body);
  if (typeof headers !== "object" || headers === null) {
    throw new WebhookVerificationError(
      "missing_header",
      `Webhook headers: expected an object, received ${typeof headers}: call (rawBody, headers, secret) or ({ body, headers }, secret)`,
    );
  }
  return [{ body, headers: headers as WebhookHeaders }, ...rest] as VerifyCall<TRequest>;
}
