import { type Clock, systemClock } from "./clock";

/**
 * An "abort" emitter in the shape undici's `request` takes as its `signal` besides an AbortSignal. On Node an
 * AbortSignal and its listeners cost several microseconds per request, a good part of a loopback call.
 */
export interface AbortEmitter {
  readonly aborted: boolean;
  readonly reason: unknown;
  on(event: "abort", listener: () => void): unknown;
  once(event: "abort", listener: () => void): unknown;
  removeListener(event: "abort", listener: () => void): unknown;
}

/** Fires on the caller's signal or after `timeout`, and says which happened. */
export interface Deadline extends AbortEmitter {
  /** The same deadline as an AbortSignal, built on first read (fetch needs one; undici takes the emitter). */
  readonly signal: AbortSignal;
  /** True once the timeout (not the caller) aborted the signal. */
  readonly timedOut: boolean;
  /** Stops the timer and unhooks the caller's signal; call it when the work is done. */
  dispose(): void;
}

// One object per request, its methods on the prototype: a closure-built deadline allocated a dozen objects
// per call, which showed in the garbage collector's share of a loopback request.
class LinkedDeadline implements Deadline {
  aborted = false;
  reason: unknown;
  timedOut = false;
  #controller: AbortController | undefined;
  #listeners: (() => void)[] = [];
  // Set in the constructor (no field list in the bundle): stops the timer and unhooks the caller's signal.
  declare dispose: () => void;
  readonly once = this.on;

  constructor(timeout: number, userSignal: AbortSignal | undefined, clock: Clock) {
    const cancelTimer = clock.startTimer(timeout, () => {
      this.timedOut = true;
      this.#abort(undefined);
    });
    this.dispose = cancelTimer;
    if (userSignal) {
      const onUserAbort = () => this.#abort(userSignal.reason);
      this.dispose = () => {
        cancelTimer();
        userSignal.removeEventListener("abort", onUserAbort);
      };
      userSignal.addEventListener("abort", onUserAbort, { once: true });
      if (userSignal.aborted) onUserAbort();
    }
  }

  #abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.#controller?.abort(reason);
    const listeners = this.#listeners;
    this.#listeners = [];
    for (const listener of listeners) listener();
  }

  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.aborted) this.#controller.abort(this.reason);
    }
    return this.#controller.signal;
  }

  on(_event: "abort", listener: () => void): this {
    this.#listeners.push(listener);
    return this;
  }

  removeListener(_event: "abort", listener: () => void): this {
    this.#listeners = this.#listeners.filter((each) => each !== listener);
    return this;
  }
}

/** Links the caller's signal and a timeout into one deadline, so a request or a wait has one thing to obey. */
export function startDeadline(
  timeout: number,
  userSignal: AbortSignal | undefined,
  clock: Clock = systemClock,
): Deadline {
  return new LinkedDeadline(timeout, userSignal, clock);
}
