import { validateNumbers } from "../client/validate-numbers";
import { IdStoreError } from "../errors/id-store-error";
import { LeapError } from "../errors/leap-error";
import { ConfigurationError } from "../errors/validation-errors";
import { WebhookVerificationError } from "../errors/webhook-verification-error";
import type { DeliveryTrace } from "../tracing/operation";
import type { AnyWorkflow } from "../workflows/define-workflow";
import { resolveWebhookHandlers, type WorkflowWebhookHandlers } from "../workflows/webhook-workflows";
import { readHeader, type WebhookHeaders } from "./headers";
import { createMemoryIdStore, type WebhookIdStore } from "./id-store";
import {
  logWebhookError,
  type ProcessOnceResult,
  processOnce,
  resolveProcessOnceOptions,
} from "./process-once";
import {
  checkReadDeliveryOptions,
  type ReadDeliveryOptions,
  readDelivery,
  type WebhookDelivery,
} from "./read-delivery";
import { parseWebhookSecrets } from "./secret";
import type { VerifyWebhookOptions } from "./signed-message";
import type { WebhookSecrets } from "./verifier";
import { bodyText } from "./webhook-body";
import type { OnBulkRun, OnRun, WebhookHandlerOptions } from "./webhook-handler-options";

// The whole of node's and edge's `webhookHandler`s, which only adapt a request to `WebhookRequest` and write
// the `WebhookReply` back. One delivery, top to bottom (`handleDelivery`): read the body (capped, with its
// deadline) → verify its signature → read a run or a bulk run (`read-delivery.ts`) → claim its webhook-id →
// `onRun` or `onBulkRun` → complete or release the claim (`process-once.ts`) → answer.

/** A webhook request as a runtime adapter hands it over: method, headers, and a way to read its body. */
export interface WebhookRequest {
  method: string | undefined;
  /** The request's URL or path with its query string: a traced handler reads its `traceparent` there. */
  url?: string | undefined;
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

/** A handler's answer, before the runtime turns it into a response. */
export interface WebhookAnswer {
  status: number;
  body: { ok: true; duplicate?: true } | { error: { type: string; message: string } };
}

/** How much of a webhook body both handlers read, and for how long. */
export interface WebhookBodyLimits {
  /** Bytes; one more answers 413. */
  maxBytes: number;
  /** Milliseconds for the whole body; later answers 408. `Infinity` means no deadline. */
  timeoutMs: number;
}

/** Checks a delivery's signature with the runtime's HMAC (node:crypto or Web Crypto); returns the body as text. */
export type VerifySignature = (
  body: string | Uint8Array,
  headers: WebhookHeaders,
  secrets: WebhookSecrets,
  options?: VerifyWebhookOptions,
) => string | Promise<string>;

/** Everything a handler settles once, at setup, so that each delivery only runs the steps. */
interface Handler {
  verifySignature: VerifySignature;
  secret: WebhookSecrets | null;
  options: WebhookHandlerOptions;
  limits: WebhookBodyLimits;
  read: ReadDeliveryOptions;
  onRun: OnRun;
  onBulkRun: OnBulkRun | undefined;
  store: WebhookIdStore | undefined;
  /** Told about failures (500s, 503s); `options.onError` also hears about refusals. */
  report: (error: unknown) => void;
}

/**
 * Builds a runtime's `webhookHandler` from its `verifySignature`: checks the secret and every option now (a
 * mistake fails at startup, not on every delivery), then answers each request with `handleDelivery`. An
 * unexpected error is told to `onError` and answered 500, saying nothing of it.
 */
export function createWebhookHandler(
  verifySignature: VerifySignature,
  secret: WebhookSecrets | null,
  handlers: OnRun | WorkflowWebhookHandlers<readonly AnyWorkflow[]>,
  options: WebhookHandlerOptions,
): (request: WebhookRequest) => Promise<WebhookReply> {
  const handler = setUpHandler(verifySignature, secret, handlers, options);
  const { tracing } = options;
  return (request) =>
    tracing
      ? tracing.delivery("webhook", request, (trace) => answerDelivery(handler, request, trace))
      : answerDelivery(handler, request);
}

/** One delivery's reply; an unexpected error is told to `onError` and answered 500. */
async function answerDelivery(
  handler: Handler,
  request: WebhookRequest,
  trace?: DeliveryTrace,
): Promise<WebhookReply> {
  try {
    return reply(await handleDelivery(handler, request, trace));
  } catch (error) {
    handler.report(error);
    return reply(handlerFailed("The webhook could not be handled"));
  }
}

/** One delivery, from the request to the answer; `trace` (when tracing) hears each step's outcome. */
async function handleDelivery(
  handler: Handler,
  request: WebhookRequest,
  trace: DeliveryTrace | undefined,
): Promise<WebhookAnswer> {
  if (request.method !== "POST") return methodNotAllowed;
  // 1. The raw body, capped at maxBodyBytes and read within bodyTimeoutMs (413, 408).
  const body = await request.readBody(handler.limits);
  if (!isRawBody(body)) return refuseUnreadBody(handler, body);
  // 2–3. The signature, then a run or a bulk run (401, 400; 502 when confirmWith cannot read it).
  let delivery: WebhookDelivery;
  try {
    const text = await verifySignature(handler, body, request.headers);
    delivery = await readDelivery(text, handler.read);
  } catch (error) {
    trace?.verified(undefined, error);
    return refuseDelivery(handler, error);
  }
  trace?.verified(delivery);
  // 4–6. Claim the webhook-id, call onRun or onBulkRun, complete or release the claim (200, 409, 500, 503).
  const webhookId = readHeader(request.headers, "webhook-id") ?? readHeader(request.headers, "svix-id");
  return handleOnce(handler, delivery, webhookId, trace);
}

/** The body as text once its signature holds; with no secret (`confirmWith` alone), the body as is. */
async function verifySignature(
  handler: Handler,
  body: string | Uint8Array,
  headers: WebhookHeaders,
): Promise<string> {
  const { secret, options } = handler;
  return secret === null ? bodyText(body) : await handler.verifySignature(body, headers, secret, options);
}

/**
 * Claim → `onRun` or `onBulkRun` → complete or release, and the answer: 200 (handled, or a duplicate), 409
 * while another attempt holds the id, 500 when the callback or the store failed, 503 when the store did not
 * answer in time (both retried by the sender).
 */
async function handleOnce(
  handler: Handler,
  delivery: WebhookDelivery,
  webhookId: string | undefined,
  trace: DeliveryTrace | undefined,
): Promise<WebhookAnswer> {
  const { store, options, report } = handler;
  // Whether the callback ran tells its failure from the store's (the claim failed before it).
  let called = false;
  const callback = async () => {
    called = true;
    await (delivery.kind === "run"
      ? handler.onRun(delivery.run, { webhookId })
      : handler.onBulkRun?.(delivery.bulkRun, { webhookId }));
  };
  let result: ProcessOnceResult;
  try {
    if (webhookId === undefined || store === undefined) {
      await (trace ? trace.timed(callback) : callback)();
      trace?.handled("processed");
      result = "processed";
    } else {
      result = await processOnce(store, webhookId, callback, { ...options, onStoreError: report }, trace);
    }
  } catch (error) {
    report(error);
    if (called) {
      const name = delivery.kind === "run" ? "onRun" : "onBulkRun";
      return handlerFailed(`${name} failed; the sender will retry this delivery`);
    }
    return IdStoreError.isInstance(error) && error.reason === "timeout"
      ? answerError(
          503,
          "id_store_timeout",
          "The webhook id store did not answer in time; the sender will retry",
        )
      : answerError(500, "id_store_failed", "The webhook id store failed; the sender will retry");
  }
  if (result === "in-progress") {
    return answerError(
      409,
      "in_progress",
      "This delivery is being handled right now; a retry will be answered",
    );
  }
  return { status: 200, body: result === "duplicate" ? { ok: true, duplicate: true } : { ok: true } };
}

/**
 * A delivery that is not one: 401 for a bad signature, 400 for a bad body (a retry would send the same), 502
 * when `confirmWith` could not read the run. Anything but a `LeapError` is unexpected and rethrown.
 */
function refuseDelivery(handler: Handler, error: unknown): WebhookAnswer {
  if (!LeapError.isInstance(error)) throw error;
  handler.options.onError?.(error);
  if (WebhookVerificationError.isInstance(error)) {
    return answerError(error.reason === "invalid_body" ? 400 : 401, error.reason, error.message);
  }
  return answerError(502, error.name, `Could not confirm the run: ${error.message}`);
}

/** A body the runtime could not read: its answer; one a framework parsed first is a setup mistake, told to `onError`. */
function refuseUnreadBody(handler: Handler, answer: WebhookAnswer): WebhookAnswer {
  if ("error" in answer.body && answer.body.error.type === "body_already_parsed") {
    handler.report(new Error(answer.body.error.message));
  }
  return answer;
}

function setUpHandler(
  verifySignature: VerifySignature,
  secret: WebhookSecrets | null,
  handlers: OnRun | WorkflowWebhookHandlers<readonly AnyWorkflow[]>,
  options: WebhookHandlerOptions,
): Handler {
  const { confirmWith, onBulkRun } = options;
  // A NaN here would accept any old timestamp or lift the body cap; a malformed secret would fail every delivery.
  validateNumbers("webhook handler options", options, { toleranceSeconds: "seconds" });
  if (secret !== null || !confirmWith) {
    parseWebhookSecrets(secret, ", or null with `confirmWith: client` for unsigned webhooks");
  }
  resolveProcessOnceOptions(options);
  const store = options.dedupe === false ? undefined : (options.dedupe ?? createMemoryIdStore());
  if (store !== undefined && typeof (store as Partial<WebhookIdStore>).claim !== "function") {
    throw new ConfigurationError(
      "dedupe must be a WebhookIdStore with claim, complete and release (has/add stores are not atomic " +
        "across instances): use createMemoryIdStore, redisIdStore or durableObjectIdStore",
    );
  }
  const { onRun, parseRun } = resolveWebhookHandlers(handlers);
  const read = { confirmWith, parseRun, acceptBulkRuns: onBulkRun !== undefined };
  checkReadDeliveryOptions(read);
  return {
    verifySignature,
    secret,
    options,
    limits: webhookBodyLimits(options),
    read,
    onRun,
    onBulkRun,
    store,
    report: options.onError ?? logWebhookError,
  };
}

/** The body limits from the handler's options: the same defaults and answers on both runtimes. */
export function webhookBodyLimits(
  options: Pick<WebhookHandlerOptions, "maxBodyBytes" | "bodyTimeoutMs">,
): WebhookBodyLimits {
  const maxBytes = options.maxBodyBytes ?? 1_048_576;
  const timeoutMs = options.bodyTimeoutMs ?? 10_000;
  // NaN or a negative here would lift the cap or the deadline; Infinity is the documented "no deadline".
  validateNumbers(
    "webhook handler options",
    { maxBodyBytes: maxBytes, bodyTimeoutMs: timeoutMs },
    { maxBodyBytes: "size", bodyTimeoutMs: "limit" },
  );
  return { maxBytes, timeoutMs };
}

const isRawBody = (body: string | Uint8Array | WebhookAnswer): body is string | Uint8Array =>
  typeof body === "string" || body instanceof Uint8Array;

// The answers. Each says what happened and what comes next, never anything of the receiver's own systems.

const answerError = (status: number, type: string, message: string): WebhookAnswer => ({
  status,
  body: { error: { type, message } },
});

const methodNotAllowed = answerError(405, "method_not_allowed", "Webhooks are POSTed");

const handlerFailed = (message: string) => answerError(500, "handler_failed", message);

/** The answer to a body over `maxBytes`. */
export const bodyTooLarge = (maxBytes: number): WebhookAnswer =>
  answerError(413, "body_too_large", `The body exceeds ${maxBytes} bytes`);

/** The answer to a body still arriving after `timeoutMs`. */
export const bodyTimedOut = (timeoutMs: number): WebhookAnswer =>
  answerError(408, "body_timeout", `The body did not arrive within ${timeoutMs} ms`);

/**
 * The answer to a body a framework read (and parsed) before the handler could: its signature cannot be
 * checked. `help` says how to keep the raw body in that runtime; the handler also tells `onError`.
 */
export const bodyAlreadyRead = (help: string): WebhookAnswer => answerError(500, "body_already_parsed", help);

function reply(answer: WebhookAnswer): WebhookReply {
  const allow: Record<string, string> = answer.status === 405 ? { allow: "POST" } : {};
  return {
    status: answer.status,
    headers: { "content-type": "application/json", ...allow },
    body: JSON.stringify(answer.body),
  };
}
