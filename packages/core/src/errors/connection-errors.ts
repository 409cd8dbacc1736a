import { LeapError } from "./leap-error";

/** The request never got an HTTP answer: DNS, refused or reset connection, TLS. Retried. */
export class APIConnectionError extends LeapError {
  static override readonly kind: string = "APIConnectionError";
  constructor(message = "Could not reach the Leap Workflows API", options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The request took longer than its `timeout` (connect, headers and body together). Retried. */
export class APITimeoutError extends APIConnectionError {
  static override readonly kind = "APITimeoutError";
  constructor(timeoutMs: number, options?: { cause?: unknown }) {
    super(
      `Request timed out after ${timeoutMs} ms; raise the \`timeout\` option if the API is slow`,
      options,
    );
  }
}

/** The caller's `AbortSignal` cancelled the call. Never retried. */
export class APIUserAbortError extends LeapError {
  static override readonly kind = "APIUserAbortError";
  constructor(options?: { cause?: unknown }) {
    super("The request was aborted by its AbortSignal", options);
  }
}
