// setTimeout stores delays in 32 bits: a longer one (say a 30-day wait) fires after 1 ms instead.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Calls `onTimeout` after `ms` (Infinity: never); returns the function that cancels it. */
export function startTimer(ms: number, onTimeout: () => void): () => void {
  if (ms === Number.POSITIVE_INFINITY) return () => {};
  const timer = setTimeout(onTimeout, Math.min(ms, MAX_TIMER_MS));
  return () => clearTimeout(timer);
}
