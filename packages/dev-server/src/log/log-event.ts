/** One HTTP request the dev server answered. */
export interface RequestLogEvent {
  kind: "request";
  method: string;
  /** The path without its query string. */
  path: string;
  status: number;
  durationMs: number;
  /** The W3C trace id of the request's `traceparent` (header or query parameter), when it carried one. */
  traceId?: string;
}

/** A client that hung up before its answer was sent: mid-body, or while its request was handled. */
export interface AbortedRequestLogEvent {
  kind: "aborted";
  method: string;
  /** The path without its query string. */
  path: string;
  /** Whether the request body had fully arrived; false when the client hung up mid-body. */
  bodyComplete: boolean;
  durationMs: number;
}

/** One webhook delivery attempt. */
export interface DeliveryLogEvent {
  kind: "delivery";
  /** The run or bulk run the webhook is about. */
  subjectId: string;
  webhookId: string;
  /** The receiver's URL without credentials or query string (either may carry a secret). */
  url: string;
  attempt: number;
  /** The receiver's status code, or null when it never answered. */
  statusCode: number | null;
  /** Why the attempt failed (`answered 500`, `ECONNREFUSED`, `timed out after 10000 ms`), or null. */
  error: string | null;
  durationMs: number;
  outcome: "delivered" | "retrying" | "failed";
  /** When the next attempt is due (ISO 8601), when `outcome` is "retrying". */
  nextAttemptAt: string | null;
  /**
   * The W3C trace id the delivery carries (the `traceparent` header forwarded from the run's create, or the
   * webhook URL's `traceparent` query parameter), when it carries one.
   */
  traceId?: string;
}

/** Something went wrong inside the dev server (a bug or a broken store), never a client's mistake. */
export interface ErrorLogEvent {
  kind: "error";
  message: string;
}

/** What the dev server logs. */
export type DevServerLogEvent = RequestLogEvent | AbortedRequestLogEvent | DeliveryLogEvent | ErrorLogEvent;

/** Receives every log event; `createDevServer({ logger })` takes one. */
export type DevServerLogger = (event: DevServerLogEvent) => void;

/**
 * The library's default: silent about requests and deliveries (a test suite should not print a line per
 * request), but an internal error still reaches stderr.
 */
export const defaultLogger: DevServerLogger = (event) => {
  if (event.kind === "error") console.error(`[leap-workflows-dev] ${event.message}`);
};

/** A URL fit for a log: no user info, no query string or fragment (a token often hides there). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}${parsed.search || parsed.hash ? "?…" : ""}`;
  } catch {
    return "(not a URL)";
  }
}

/** The message of anything thrown, for an error event. */
export const describeError = (error: unknown): string =>
  error instanceof Error ? (error.stack ?? error.message) : String(error);
