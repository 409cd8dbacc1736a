import { LeapError } from "./leap-error";

/** Why a webhook id store call failed, when the store's own client did not throw. */
export type IdStoreErrorReason = "timeout" | "bad_answer";

/**
 * A webhook id store call failed: it took longer than `storeTimeoutMs` (`reason: "timeout"`: an unreachable
 * Redis, say, whose client queues commands while it reconnects; the handlers answer 503) or the store answered
 * something it should not (`"bad_answer"`). Either way the sender retries the delivery later.
 */
export class IdStoreError extends LeapError {
  static override readonly kind = "IdStoreError";
  /** The store call that failed. */
  declare readonly operation: "claim" | "complete" | "release";
  /** Why it failed. */
  declare readonly reason: IdStoreErrorReason;
  constructor(operation: "claim" | "complete" | "release", reason: IdStoreErrorReason, message: string) {
    super(message);
    this.operation = operation;
    this.reason = reason;
  }
}

/** The error of a store call that took longer than `timeoutMs`. */
export const idStoreTimedOut = (
  operation: "claim" | "complete" | "release",
  timeoutMs: number,
): IdStoreError =>
  new IdStoreError(
    operation,
    "timeout",
    `The webhook id store's ${operation} took over ${timeoutMs} ms: check that the store is reachable, or raise \`storeTimeoutMs\``,
  );
