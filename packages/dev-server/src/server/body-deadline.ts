import type { IncomingMessage } from "node:http";
import { ConfigurationError } from "@leap-workflows/core";

/** Milliseconds a request body may take to arrive, unless `requestBodyTimeoutMs` says otherwise. */
const DEFAULT_REQUEST_BODY_TIMEOUT_MS = 30_000;

// The longest delay Node's timers keep; a longer one fires at once.
const MAX_TIMER_MS = 2_147_483_647;

/** `requestBodyTimeoutMs` checked at start: a `ConfigurationError` naming the option and its range. */
export function bodyTimeout(value: number | undefined): number {
  const ms = value ?? DEFAULT_REQUEST_BODY_TIMEOUT_MS;
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 1 || ms > MAX_TIMER_MS) {
    throw new ConfigurationError(
      `requestBodyTimeoutMs (--body-timeout) must be a number of milliseconds from 1 to ${MAX_TIMER_MS} ` +
        `(the longest timer Node keeps), received ${String(ms)}`,
    );
  }
  return ms;
}

/**
 * Calls `expired` when the request's body has not fully arrived `ms` after its headers. Node's own
 * `requestTimeout` (300 s) would let a client hold a connection five minutes by sending its body a byte at a
 * time; this deadline counts whether the body is read or left unread (an answer sent before it, a 401).
 * Requests without a body cost nothing.
 */
export function watchBodyDeadline(request: IncomingMessage, ms: number, expired: () => void): void {
  const length = request.headers["content-length"];
  const hasBody =
    request.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
  if (!hasBody || request.complete) return;
  const timer = setTimeout(() => {
    if (!request.complete) expired();
  }, ms);
  const clear = () => clearTimeout(timer);
  request.once("end", clear);
  request.once("close", clear);
}
