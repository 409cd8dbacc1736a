import { validateNumbers } from "../client/validate-numbers";
import type { WebhookAnswer, WebhookHandlerOptions } from "./handle-webhook";

/** How much of a webhook body both handlers read, and for how long. */
export interface WebhookBodyLimits {
  /** Bytes; one more answers 413. */
  maxBytes: number;
  /** Milliseconds for the whole body; later answers 408. `Infinity` means no deadline. */
  timeoutMs: number;
}

/**
 * The node and edge handlers' body limits from their options, checked once at construction: the same
 * defaults and the same answers on both runtimes.
 */
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

/** The answer to a body over `maxBytes`. */
export const bodyTooLarge = (maxBytes: number): WebhookAnswer => ({
  status: 413,
  body: { error: { type: "body_too_large", message: `The body exceeds ${maxBytes} bytes` } },
});

/** The answer to a body still arriving after `timeoutMs`. */
export const bodyTimedOut = (timeoutMs: number): WebhookAnswer => ({
  status: 408,
  body: { error: { type: "body_timeout", message: `The body did not arrive within ${timeoutMs} ms` } },
});

/**
 * The answer to a body a framework read (and parsed) before the handler could: its signature cannot be
 * checked. `help` says how to keep the raw body in that runtime; the handler also tells `onError`.
 */
export const bodyAlreadyRead = (help: string): WebhookAnswer => ({
  status: 500,
  body: { error: { type: "body_already_parsed", message: help } },
});
