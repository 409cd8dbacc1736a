import { createHmac } from "node:crypto";
import {
  type VerifyWebhookOptions,
  type WebhookDelivery,
  WebhookVerificationError,
  type WorkflowRun,
} from "@leap-workflows/core";
import {
  createWebhookVerifier,
  parseWebhookDelivery,
  type RawWebhook,
  readVerifyArguments,
  type VerifyWebhookArguments,
  type WebhookHeaders,
  type WebhookSecrets,
} from "@leap-workflows/core/internal";

// node:crypto is synchronous, so verification here needs no await (unlike Web Crypto on the edge).
/** The node:crypto verifier behind `verifyWebhook` and `webhookHandler`. */
export const verifier: ReturnType<typeof createWebhookVerifier> = createWebhookVerifier(
  (key, [prefix, body]) => createHmac("sha256", key).update(prefix).update(body).digest("base64"),
);

/**
 * A webhook request as its raw body (string, Buffer or Uint8Array) and headers, e.g. an Express request behind
 * `express.raw()`: the one-argument shape of `verifyWebhook` on node and edge alike.
 */
export type WebhookInput = RawWebhook;

// A Fetch Request's body can only be read asynchronously, which this synchronous verifier cannot do.
function isFetchRequest(value: unknown): value is never {
  if (typeof Request === "undefined" || !(value instanceof Request)) return false;
  throw new WebhookVerificationError(
    "invalid_body",
    "@leap-workflows/node's verifyWebhook is synchronous and cannot read a Request's body: pass " +
      "(await request.text(), request.headers, secret), or use verifyWebhook from @leap-workflows/edge",
  );
}

/**
 * Verifies a Leap webhook and returns the typed, validated run, synchronously (node:crypto). A bulk run's
 * webhook is refused (`invalid_body`): receive both kinds with `verifyWebhookDelivery`. Takes the same
 * call shapes as `@leap-workflows/edge`'s (which is async): the RAW body exactly as received (string, Buffer
 * or Uint8Array), the request headers and your `whsec_…` secret (or several while rotating); or
 * `{ body, headers }` and the secret, e.g. an Express request behind `express.raw()`. Throws
 * `WebhookVerificationError` with a `reason`, also when the arguments have the wrong shape.
 *
 * ```ts
 * const run = verifyWebhook(rawBody, req.headers, process.env.LEAP_WEBHOOK_SECRET!);
 * const same = verifyWebhook(req, process.env.LEAP_WEBHOOK_SECRET!); // req.body: the raw Buffer
 * ```
 */
export function verifyWebhook(
  request: WebhookInput,
  secret: WebhookSecrets,
  options?: VerifyWebhookOptions,
): WorkflowRun;
export function verifyWebhook(
  rawBody: string | Uint8Array,
  headers: WebhookHeaders,
  secret: WebhookSecrets,
  options?: VerifyWebhookOptions,
): WorkflowRun;
export function verifyWebhook(...args: VerifyWebhookArguments): WorkflowRun {
  const [{ body, headers }, secret, options] = readVerifyArguments(args, isFetchRequest);
  return verifier.verify(body, headers, secret, options);
}

/** Verifies the signature only and returns the raw body as text, for payloads that are not runs. Same call shapes as `verifyWebhook`. */
export function verifyWebhookSignature(
  request: WebhookInput,
  secret: WebhookSecrets,
  options?: VerifyWebhookOptions,
): string;
export function verifyWebhookSignature(
  rawBody: string | Uint8Array,
  headers: WebhookHeaders,
  secret: WebhookSecrets,
  options?: VerifyWebhookOptions,
): string;
export function verifyWebhookSignature(...args: VerifyWebhookArguments): string {
  const [{ body, headers }, secret, options] = readVerifyArguments(args, isFetchRequest);
  return verifier.verifySignature(body, headers, secret, options);
}

/**
 * Verifies a Leap webhook and returns what it carries, either kind, told apart by the body's shape:
 * `{ kind: "run", run }` or `{ kind: "bulk_run", bulkRun }`, typed and validated. The same call shapes as
 * `verifyWebhook`; synchronous, as node:crypto is.
 *
 * ```ts
 * const delivery = verifyWebhookDelivery(rawBody, req.headers, process.env.LEAP_WEBHOOK_SECRET!);
 * if (delivery.kind === "bulk_run") await importRows(delivery.bulkRun.output_csv_url);
 * else await save(delivery.run);
 * ```
 */
export function verifyWebhookDelivery(
  request: WebhookInput,
  secret: WebhookSecrets,
  options?: VerifyWebhookOptions,
): WebhookDelivery;
export function verifyWebhookDelivery(
  rawBody: string | Uint8Array,
  headers: WebhookHeaders,
  secret: WebhookSecrets,
  options?: VerifyWebhookOptions,
): WebhookDelivery;
export function verifyWebhookDelivery(...args: VerifyWebhookArguments): WebhookDelivery {
  const [{ body, headers }, secret, options] = readVerifyArguments(args, isFetchRequest);
  return parseWebhookDelivery(verifier.verifySignature(body, headers, secret, options));
}
