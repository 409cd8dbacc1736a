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

/** Links the caller's signal and a timeout into one deadline, so a request or a wait has one thing to obey. */
export function startDeadline(
  timeout: number,
  userSignal: AbortSignal | undefined,
  clock: Clock = systemClock,
): Deadline {
  let controller: AbortController | undefined;
  let listeners: (() => void)[] = [];
  const abort = (reason?: unknown) => {
    if (deadline.aborted) return;
    deadline.aborted = true;
    deadline.reason = reason;
    controller?.abort(reason);
    for (const listener of listeners) listener();
    listeners = [];
  };
  const on = (_event: "abort", listener: () => void) => {
    listeners.push(listener);
    return deadline;
  };
  const onUserAbort = () => abort(userSignal?.reason);
  const cancelTimer = clock.startTimer(timeout, () => {
    deadline.timedOut = true;
    abort();
  });
  const deadline = {
    aborted: false,
    reason: undefined as unknown,
    timedOut: false,
    get signal() {
      controller ??= new AbortController();
      if (deadline.aborted) controller.abort(deadline.reason);
      return controller.signal;
    },
    on,
    once: on,
    removeListener(_event: "abort", listener: () => void) {
      listeners = listeners.filter((each) => each !== listener);
      return deadline;
    },
    dispose() {
      cancelTimer();
      userSignal?.removeEventListener("abort", onUserAbort);
    },
  };
  userSignal?.addEventListener("abort", onUserAbort, { once: true });
  if (userSignal?.aborted) onUserAbort();
  return deadline;
}
