import { LeapError } from "./leap-error";

/** The request never got an HTTP answer: DNS, refused or reset connection, TLS. Retried. */
export class APIConnectionError extends LeapError {
  static override readonly kind: string = "APIConnectionError";
  constructor(message = "Could not reach the API", options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The request took longer than its `timeout` (connect, headers and body together). Retried. */
export class APITimeoutError extends APIConnectionError {
  static override readonly kind = "APITimeoutError";
  constructor(timeoutMs: number, options?: { cause?: unknown }) {
    super(`Timed out after ${timeoutMs} ms: raise \`timeout\` if the API is slow`, options);
  }
}

/** The caller's `AbortSignal` cancelled the call. Never retried. */
export class APIUserAbortError extends LeapError {
  static override readonly kind = "APIUserAbortError";
  constructor(options?: { cause?: unknown }) {
    super("Aborted by the AbortSignal", options);
  }
}
