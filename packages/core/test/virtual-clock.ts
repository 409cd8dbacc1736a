import { CLOCK, type Clock } from "../src/client/clock";
import { APIUserAbortError, type WorkflowsOptions } from "../src/index";

/**
 * A clock whose time moves only when the client sleeps or the test says so: retries, backoff, polling and
 * deadlines then behave the same on an idle laptop and on a loaded CI machine. The network stays real.
 */
export class VirtualClock implements Clock {
  #now: number;
  #timers: { at: number; fire: () => void }[] = [];
  /** Every delay the client slept, in order. */
  readonly sleeps: number[] = [];

  constructor(start = Date.parse("2026-11-28T12:00:00.000Z")) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  startTimer(ms: number, onTimeout: () => void): () => void {
    const timer = { at: this.#now + ms, fire: onTimeout };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((other) => other !== timer);
    };
  }

  /** Moves time on by `ms`, firing the timers that fall due, earliest first. */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      const due = this.#timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((timer) => timer !== due);
      this.#now = due.at;
      due.fire();
    }
    this.#now = end;
  }

  /** Records the delay and lets it pass at once (firing any deadline within it), unless `signal` aborts. */
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    if (signal?.aborted) throw new APIUserAbortError({ cause: signal.reason });
    this.advance(ms);
    if (signal?.aborted) throw new APIUserAbortError({ cause: signal.reason });
  }
}

/** `options` with the client's internal clock set to `clock`. */
export function withClock(clock: Clock, options: WorkflowsOptions = {}): WorkflowsOptions {
  return { ...options, [CLOCK]: clock } as WorkflowsOptions;
}
