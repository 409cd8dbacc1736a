import {
  type VerifyWebhookOptions,
  type WebhookDelivery,
  WebhookVerificationError,
  type WorkflowRun,
} from "@leap-workflows/core";
import {
  createAsyncWebhookVerifier,
  parseWebhookDelivery,
  type RawWebhook,
  readVerifyArguments,
  type VerifyCall,
  type VerifyWebhookArguments,
  type WebhookHeaders,
  type WebhookSecrets,
  webCryptoHmac,
} from "@leap-workflows/core/internal";

// Pure: a bundle that does not use this module's exports drops the verifier with it.
/** The Web Crypto verifier behind `verifyWebhook` and `webhookHandler`. */
export const verifier: ReturnType<typeof createAsyncWebhookVerifier> =
  /* @__PURE__ */ createAsyncWebhookVerifier(webCryptoHmac);

/**
 * A webhook request as its raw body (string or bytes) and headers: the one-argument shape of `verifyWebhook` on
 * node and edge alike (edge also takes a Fetch `Request` there).
 */
export type WebhookInput = RawWebhook;

const isRequest = (value: unknown): value is Request =>
  typeof Request !== "undefined" && value instanceof Request;

// The call with a Request's body read into bytes: what the verifier takes.
async function readCall(args: readonly unknown[]): Promise<VerifyCall<never>> {
  const call = readVerifyArguments(args, isRequest);
  const [request] = call;
  if (isRequest(request)) {
    // Reading a clone leaves the caller's Request body unread, so it can still be read afterwards.
    if (request.bodyUsed) {
      throw new WebhookVerificationError(
        "invalid_body",
        "Request body already read: verify first, or pass { body, headers } with the text read",
      );
    }
    call[0] = { body: new Uint8Array(await request.clone().arrayBuffer()), headers: request.headers };
  }
  return call as VerifyCall<never>;
}

/**
 * Verifies a Leap webhook on Web Crypto and returns the typed, validated run (a bulk run's webhook is refused,
 * `invalid_body`: receive both kinds with `verifyWebhookDelivery`). Works in Cloudflare
 * Workers, Vercel Edge, Next.js route handlers, Deno, Bun and browsers. Takes the same call shapes as
 * `@leap-workflows/node`'s (which is synchronous): `(request, secret)` with a `Request` or `{ body, headers }`,
 * or `(rawBody, headers, secret)`. The key is imported once per secret. Throws `WebhookVerificationError`
 * with a `reason`, also when the arguments have the wrong shape.
 *
 * ```ts
 * const run = await verifyWebhook(request, env.LEAP_WEBHOOK_SECRET);
 * const same = await verifyWebhook(rawBody, request.headers, env.LEAP_WEBHOOK_SECRET);
 * ```
 */
export function verifyWebhook(
  request: Request | WebhookInput,
  secret: WebhookSecrets,
  options?: VerifyWebhookOptions,
): Promise<WorkflowRun>;
export function verifyWebhook(
  rawBody: string | Uint8Array,
  headers: WebhookHeaders,
  secret: WebhookSecrets,
  options?: VerifyWebhookOptions,
): Promise<WorkflowRun>;
export async function verifyWebhook(...args: VerifyWebhookArguments<Request>): Promise<WorkflowRun> {
  const [{ body, headers }, secret, options] = await readCall(args);
  return verifier.verify(body, headers, secret, options);
}

/** Verifies the signature only and returns the raw body as text, for payloads that are not runs. Same call shapes as `verifyWebhook`. */
export function verifyWebhookSignature(
  request: Request | WebhookInput,
  secret: WebhookSecrets,
  options?: VerifyWebhookOptions,
): Promise<string>;
export function verifyWebhookSignature(
  rawBody: string | Uint8Array,
  headers: WebhookHeaders,
  secret: WebhookSecrets,
  options?: VerifyWebhookOptions,
): Promise<string>;
export async function verifyWebhookSignature(...args: VerifyWebhookArguments<Request>): Promise<string> {
  const [{ body, headers }, secret, options] = await readCall(args);
  return verifier.verifySignature(body, headers, secret, options);
}

/**
 * Verifies a Leap webhook on Web Crypto and resolves to what it carries, either kind, told apart by the body's
 * shape: `{ kind: "run", run }` or `{ kind: "bulk_run", bulkRun }`, typed and validated. The same call shapes as
 * `verifyWebhook`.
 *
 * ```ts
 * const delivery = await verifyWebhookDelivery(request, env.LEAP_WEBHOOK_SECRET);
 * if (delivery.kind === "bulk_run") await importRows(delivery.bulkRun.output_csv_url);
 * else await save(delivery.run);
 * ```
 */
export function verifyWebhookDelivery(
  request: Request | WebhookInput,
  secret: WebhookSecrets,
  options?: VerifyWebhookOptions,
): Promise<WebhookDelivery>;
export function verifyWebhookDelivery(
  rawBody: string | Uint8Array,
  headers: WebhookHeaders,
  secret: WebhookSecrets,
  options?: VerifyWebhookOptions,
): Promise<WebhookDelivery>;
export async function verifyWebhookDelivery(
  ...args: VerifyWebhookArguments<Request>
): Promise<WebhookDelivery> {
  const [{ body, headers }, secret, options] = await readCall(args);
  // Apart from `verifier`, so that a bundle without this function leaves the bulk run's check out.
  return parseWebhookDelivery(await verifier.verifySignature(body, headers, secret, options));
}
