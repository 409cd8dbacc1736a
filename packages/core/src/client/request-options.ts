/** Options for one call; each overrides the client's option of the same name. */
export interface RequestOptions {
  /** Cancels the call, its retries and any wait at once, with an `APIUserAbortError`. */
  signal?: AbortSignal | undefined;
  /** Milliseconds one attempt may take: connect, headers and body together. @default the client's `timeout` */
  timeout?: number | undefined;
  /** How many times a failed attempt is retried. @default the client's `maxRetries` */
  maxRetries?: number | undefined;
  /** The largest response body read, in bytes; a larger one is a `ResponseTooLargeError`. @default the client's `maxResponseBytes` */
  maxResponseBytes?: number | undefined;
  /** Sent as `Idempotency-Key` on POST and reused by every retry. @default a random UUID per call */
  idempotencyKey?: string | undefined;
  /** Extra headers for this call. */
  headers?: Record<string, string> | undefined;
}
