import { APIError } from "../errors/api-error";
import { APIConnectionError } from "../errors/connection-errors";
import { InvalidResponseError } from "../errors/validation-errors";

const INITIAL_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
/** A Retry-After longer than this is not worth holding the caller for; plain backoff is used instead. */
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Whether a failed attempt may be tried again. POSTs are safe too: they carry an Idempotency-Key.
 * `x-should-retry: false` vetoes any retry; `x-should-retry: true` makes a 409 retryable (a conflict the
 * server expects to clear, e.g. the same key still in flight) but never any other 4xx: those would fail again.
 */
export function isRetryable(error: unknown): boolean {
  if (APIError.isInstance(error)) {
    const hint = error.headers.get("x-should-retry");
    if (hint === "false") return false;
    if (error.status === 409) return hint === "true";
    return error.status === 408 || error.status === 429 || error.status >= 500;
  }
  // A body that was not JSON at all is usually a proxy page or a cut connection, so worth another try;
  // JSON that breaks the schema would break again.
  if (InvalidResponseError.isInstance(error)) return typeof error.body === "string";
  return APIConnectionError.isInstance(error);
}

/** The delay the server asked for (`retry-after-ms`, `retry-after` in seconds or as an HTTP date). */
export function serverRetryDelay(headers: Headers, now = Date.now()): number | undefined {
  // NaN fails every comparison: only a finite delay >= 0 passes.
  const ms = Number.parseFloat(headers.get("retry-after-ms") ?? "");
  if (ms >= 0 && ms < Infinity) return ms;
  const retryAfter = headers.get("retry-after")?.trim();
  if (!retryAfter) return undefined;
  // A number is seconds, a negative one is nonsense; only anything else may be a date (Date.parse takes "-1" as 1 BC).
  const seconds = Number(retryAfter);
  if (!Number.isNaN(seconds)) return seconds >= 0 && seconds < Infinity ? seconds * 1000 : undefined;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The server's wish for `error`, when it gave one short enough to honour; `now` dates a Retry-After date. */
export function honouredServerDelay(error: unknown, now = Date.now()): number | undefined {
  if (!APIError.isInstance(error)) return undefined;
  const asked = serverRetryDelay(error.headers, now);
  return (asked as number) <= MAX_RETRY_AFTER_MS ? asked : undefined;
}

/**
 * How long to wait before retry number `retry` (0-based): the server's wish when it gave a sane one,
 * else exponential backoff (0.5 s, 1 s, 2 s, … capped at 8 s) with jitter over the upper half, so that
 * many clients failing together do not come back together.
 */
export function retryDelay(retry: number, error: unknown, now = Date.now()): number {
  return (
    honouredServerDelay(error, now) ??
    Math.min(INITIAL_DELAY_MS * 2 ** retry, MAX_DELAY_MS) * (0.5 + Math.random() * 0.5)
  );
}
