import { WaitTimeoutError } from "../errors/wait-timeout-error";
import { isFinal } from "../schemas/run-status";
import { OPERATION, type Traced } from "../tracing/operation";
import { type Clock, systemClock } from "./clock";
import { startDeadline } from "./deadline";
import type { Logger } from "./logger";
import type { RequestOptions } from "./request-options";
import { honouredServerDelay, isRetryable } from "./retry";
import { validateNumbers } from "./validate-numbers";

/** How `wait` polls; `State` is what is polled (a run, or a bulk run). */
export interface WaitOptions<State = { status: string }>
  extends Omit<RequestOptions, "idempotencyKey" | "timeout"> {
  /** Milliseconds to wait in all before a `WaitTimeoutError` (`Infinity`: no limit). @default 600_000 (10 minutes) */
  timeout?: number | undefined;
  /** Milliseconds one poll request may take. @default the client's `timeout` */
  requestTimeout?: number | undefined;
  /** Delay before the second poll; each later delay is 1.5x longer. @default 500 */
  initialInterval?: number | undefined;
  /** The longest delay between polls. @default 5_000 */
  maxInterval?: number | undefined;
  /** Called with every state read while waiting, e.g. to show progress. */
  onPoll?: ((state: State) => void) | undefined;
}

/** How long `wait` polls before it gives up, in ms (10 minutes), unless `timeout` says otherwise. */
const DEFAULT_WAIT_TIMEOUT_MS = 600_000;

/**
 * Reads `id` until its status is final (anything but `queued`/`running`, so an unknown status ends
 * the wait). Transient failures of single polls are tolerated until the deadline.
 */
export async function pollUntilFinal<T extends { status: string }>(
  id: string,
  read: (options: RequestOptions) => Promise<T>,
  options: Traced<WaitOptions<T>>,
  logger: Logger,
  clock: Clock = systemClock,
): Promise<T> {
  // Set when tracing is on: each poll is an event on the wait's span, and its requests report there.
  const operation = options[OPERATION];
  validateNumbers("wait options", options, {
    timeout: "limit",
    requestTimeout: "duration",
    maxRetries: "count",
    maxResponseBytes: "size",
    initialInterval: "interval",
    maxInterval: "interval",
  });
  const timeout = options.timeout ?? DEFAULT_WAIT_TIMEOUT_MS;
  const maxInterval = options.maxInterval ?? 5_000;
  let interval = Math.min(options.initialInterval ?? 500, maxInterval);
  const userSignal = options.signal;
  const deadline = startDeadline(timeout, userSignal, clock);

  let lastSeen: T | undefined;
  let delay = interval;
  try {
    for (;;) {
      try {
        lastSeen = await read({
          signal: deadline.signal,
          timeout: options.requestTimeout,
          maxRetries: options.maxRetries,
          maxResponseBytes: options.maxResponseBytes,
          headers: options.headers,
          [OPERATION]: operation,
        } as Traced<RequestOptions>);
        operation?.poll(lastSeen);
        options.onPoll?.(lastSeen);
        if (isFinal(lastSeen.status)) return lastSeen;
        delay = interval;
      } catch (error) {
        if (deadline.timedOut) throw new WaitTimeoutError(id, timeout, lastSeen);
        if (!isRetryable(error)) throw error;
        operation?.poll(undefined, error);
        // A rate-limited poll waits at least as long as the server asked before the next one.
        delay = Math.max(interval, honouredServerDelay(error, clock.now()) ?? 0);
        logger.warn("poll failed; polling goes on", { id, error: (error as Error).message, delayMs: delay });
      }
      try {
        await clock.sleep(delay, deadline.signal);
      } catch (error) {
        if (deadline.timedOut) throw new WaitTimeoutError(id, timeout, lastSeen);
        throw error;
      }
      interval = Math.min(interval * 1.5, maxInterval);
    }
  } finally {
    deadline.dispose();
  }
}
