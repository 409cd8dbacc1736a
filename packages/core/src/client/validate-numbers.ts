import { ConfigurationError } from "../errors/validation-errors";
import { invalidMessage, type ValidationIssue } from "../validation/format-issues";

/**
 * What a numeric option may hold. Every numeric option of the client, its calls, `wait`, webhook verification
 * and both webhook handlers is checked against one of these, so NaN, a negative, a
 * fraction where a count is meant or an Infinity cannot quietly switch a protection off.
 * - `count`: a whole number >= 0 (retries)
 * - `size`: a whole number >= 1 (bytes, connections, entries)
 * - `duration`: milliseconds >= 0, finite (a request's timeout)
 * - `limit`: milliseconds >= 0, or Infinity for "no limit" (only a wait's `timeout`)
 * - `interval`: milliseconds > 0, finite (poll intervals)
 * - `seconds`: seconds >= 0, finite (a webhook timestamp's tolerance)
 * - `lifetime`: seconds > 0, finite (how long a webhook id is remembered)
 *
 * Milliseconds (`duration`, `limit` short of Infinity, `interval`) and `lifetime`s are at most 2^31 − 1: what
 * timers and id stores can honour.
 */
export type NumberRule = "count" | "size" | "duration" | "limit" | "interval" | "seconds" | "lifetime";

// The largest finite value of the millisecond and TTL rules: setTimeout keeps delays in 32 bits (a longer one
// fires at once, or clamped, early), and an id store TTL beyond it (some 68 years) is more than a store may hold
// (Redis refuses a PX past its 64-bit range, so dedupe would silently stop).
const MAX = 2 ** 31 - 1;

// [what is expected, lowest allowed, lowest excluded]; kept terse: this ships in every edge bundle.
const RULES: Record<NumberRule, [string, number, boolean?]> = {
  count: ["an integer >= 0", 0],
  size: ["an integer >= 1", 1],
  duration: ["finite ms >= 0", 0],
  limit: ["ms >= 0 (Infinity: no limit)", 0],
  interval: ["finite ms > 0", 0, true],
  seconds: ["finite seconds >= 0", 0],
  lifetime: ["finite seconds > 0", 0, true],
};

/**
 * Checks numeric options (`undefined` means "use the default" and passes), throwing one ConfigurationError
 * that names every bad option, what was expected and what arrived. `what` says whose options they are.
 */
export function validateNumbers<T extends object>(
  what: string,
  options: T,
  rules: { [K in keyof T]?: NumberRule },
): void {
  const issues: ValidationIssue[] = [];
  for (const [name, rule] of Object.entries(rules) as [keyof T & string, NumberRule][]) {
    const value: unknown = options[name];
    if (value === undefined) continue;
    const [expected, lowest, excluded] = RULES[rule];
    // NaN fails the comparison; only `limit` takes Infinity.
    const fits =
      typeof value === "number" &&
      (excluded ? value > lowest : value >= lowest) &&
      (rule === "limit" || (expected[0] === "a" ? Number.isInteger : Number.isFinite)(value));
    if (!fits) {
      const received =
        typeof value === "string" ? JSON.stringify(value) : typeof value === "number" ? value : typeof value;
      issues.push({ path: name, message: `expected ${expected}, received ${received}` });
    } else if (value > MAX && value < Infinity && !/^[cs]/.test(rule)) {
      // Counts, sizes and a tolerance in seconds (the rules starting with c or s) have no such limit.
      issues.push({ path: name, message: `expected at most ${MAX}, received ${value}` });
    }
  }
  if (issues.length > 0) throw new ConfigurationError(invalidMessage(what, issues), { issues });
}

/** The numeric options a client and each of its calls take (`timeout`, `maxRetries`, `maxResponseBytes`). */
export function validateRequestNumbers(
  what: string,
  options: { timeout?: unknown; maxRetries?: unknown; maxResponseBytes?: unknown },
): void {
  validateNumbers(what, options, { timeout: "duration", maxRetries: "count", maxResponseBytes: "size" });
}
