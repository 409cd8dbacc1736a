import { type Clock, systemClock } from "./clock";

/** An AbortSignal that fires on the caller's signal or after `timeout`, and says which happened. */
export interface Deadline {
  signal: AbortSignal;
  /** True once the timeout (not the caller) aborted the signal. */
  readonly timedOut: boolean;
  /** Stops the timer and unhooks the caller's signal; call it when the work is done. */
  dispose(): void;
}

/** Links the caller's signal and a timeout into one signal, so a request or a wait has one thing to obey. */
export function startDeadline(
  timeout: number,
  userSignal: AbortSignal | undefined,
  clock: Clock = systemClock,
): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const cancelTimer = clock.startTimer(timeout, () => {
    timedOut = true;
    controller.abort();
  });
  const onUserAbort = () => controller.abort(userSignal?.reason);
  userSignal?.addEventListener("abort", onUserAbort, { once: true });
  if (userSignal?.aborted) onUserAbort();
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    dispose() {
      cancelTimer();
      userSignal?.removeEventListener("abort", onUserAbort);
    },
  };
}
