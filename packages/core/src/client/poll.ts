import { WaitTimeoutError } from "../errors/wait-timeout-error";
import { isFinal } from "../schemas/run-status";
import type { Logger } from "./logger";
import type { RequestOptions } from "./request-options";
import { isRetryable } from "./retry";
import { sleep } from "./sleep";

/** How `wait` polls. */
export interface WaitOptions extends Omit<RequestOptions, "idempotencyKey" | "timeout"> {
  /** Milliseconds to wait in all before a `WaitTimeoutError`. @default 600_000 (10 minutes) */
  timeout?: number | undefined;
  /** Milliseconds one poll request may take. @default the client's `timeout` */
  requestTimeout?: number | undefined;
  /** Delay before the second poll; each later delay is 1.5x longer. @default 500 */
  initialInterval?: number | undefined;
  /** The longest delay between polls. @default 5_000 */
  maxInterval?: number | undefined;
  /** Called with every state read while waiting, e.g. to show progress. */
  onPoll?: ((state: { status: string }) => void) | undefined;
}

export const DEFAULT_WAIT_TIMEOUT_MS = 600_000;

/**
 * Reads `id` until its status is final (anything but `queued`/`running`, so an unknown status ends
 * the wait). Transient failures of single polls are tolerated until the deadline.
 */
export async function pollUntilFinal<T extends { status: string }>(
  id: string,
  read: (options: RequestOptions) => Promise<T>,
  options: WaitOptions,
  logger: Logger,
): Promise<T> {
  const timeout = options.timeout ?? DEFAULT_WAIT_TIMEOUT_MS;
  const maxInterval = options.maxInterval ?? 5_000;
  let interval = Math.min(options.initialInterval ?? 500, maxInterval);
  const userSignal = options.signal;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeout);
  const onUserAbort = () => controller.abort(userSignal?.reason);
  userSignal?.addEventListener("abort", onUserAbort, { once: true });
  if (userSignal?.aborted) onUserAbort();

  let lastSeen: T | undefined;
  try {
    for (;;) {
      try {
        lastSeen = await read({
          signal: controller.signal,
          timeout: options.requestTimeout,
          maxRetries: options.maxRetries,
          headers: options.headers,
        });
        options.onPoll?.(lastSeen);
        if (isFinal(lastSeen.status)) return lastSeen;
      } catch (error) {
        if (timedOut) throw new WaitTimeoutError(id, timeout, lastSeen);
        if (!isRetryable(error)) throw error;
        logger.warn("poll failed; polling goes on", { id, error: (error as Error).message });
      }
      try {
        await sleep(interval, controller.signal);
      } catch (error) {
        if (timedOut) throw new WaitTimeoutError(id, timeout, lastSeen);
        throw error;
      }
      interval = Math.min(interval * 1.5, maxInterval);
    }
  } finally {
    clearTimeout(timer);
    userSignal?.removeEventListener("abort", onUserAbort);
  }
}
