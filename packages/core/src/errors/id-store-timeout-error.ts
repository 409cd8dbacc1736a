import { LeapError } from "./leap-error";

/**
 * A webhook id store did not answer within `storeTimeoutMs` (an unreachable Redis, say, whose client queues
 * commands while it reconnects). The handlers answer 503 so that the sender retries the delivery later.
 */
export class IdStoreTimeoutError extends LeapError {
  static override readonly kind = "IdStoreTimeoutError";
  /** The store call that took too long. */
  declare readonly operation: "claim" | "complete" | "release";
  /** The bound it exceeded, in milliseconds. */
  declare readonly timeoutMs: number;
  constructor(operation: "claim" | "complete" | "release", timeoutMs: number) {
    super(
      `The webhook id store's ${operation} took over ${timeoutMs} ms: check that the store is reachable, or raise \`storeTimeoutMs\``,
    );
    this.operation = operation;
    this.timeoutMs = timeoutMs;
  }
}
