import { sleep } from "./sleep";
import { startTimer } from "./timer";

/**
 * Where the client reads the time, starts deadlines and waits between attempts and polls. Internal: core's tests
 * pass a virtual clock (under the `CLOCK` key of the constructor's options) so that retries, backoff, polling and
 * deadlines are tested without depending on how fast the machine is; users never see it.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `onTimeout` after `ms` (Infinity: never); returns the function that cancels it. */
  startTimer(ms: number, onTimeout: () => void): () => void;
  /** Waits `ms`, or rejects with APIUserAbortError as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = { now: () => Date.now(), startTimer, sleep };

/** The options key of the internal clock; not exported from the package, so not part of its API. */
export const CLOCK: unique symbol = Symbol("leap-workflows.clock");

/** The clock set under `CLOCK` in the constructor's options, else the system's. */
export function clockOf(options: object): Clock {
  return (options as { [CLOCK]?: Clock })[CLOCK] ?? systemClock;
}
