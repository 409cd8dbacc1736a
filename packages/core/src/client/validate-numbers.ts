import { ValidationError } from "../errors/validation-errors";
import type { ValidationIssue } from "../schemas/format-issues";

/** `count`: a whole number >= 0 (retries); `duration`: ms >= 0 or Infinity; `interval`: ms > 0, finite. */
export type NumberRule = "count" | "duration" | "interval";

const expected: Record<NumberRule, string> = {
  count: "a whole number >= 0",
  duration: "a number of milliseconds >= 0 (or Infinity)",
  interval: "a finite number of milliseconds > 0",
};

function fits(value: number, rule: NumberRule): boolean {
  if (rule === "count") return Number.isInteger(value) && value >= 0;
  if (rule === "duration") return !Number.isNaN(value) && value >= 0;
  return Number.isFinite(value) && value > 0;
}

/**
 * Checks numeric per-call options before anything is sent: a `timeout: "5000"` or `maxRetries: -1` would
 * otherwise turn into an instant timeout or a silent no-retry, and `initialInterval: 0` into a busy poll loop.
 */
export function validateNumbers(
  what: string,
  entries: [name: string, value: unknown, rule: NumberRule][],
): void {
  const issues: ValidationIssue[] = [];
  for (const [name, value, rule] of entries) {
    if (value === undefined) continue;
    if (typeof value !== "number" || !fits(value, rule)) {
      const received =
        typeof value === "number"
          ? String(value)
          : typeof value === "string"
            ? JSON.stringify(value)
            : typeof value;
      issues.push({ path: name, message: `expected ${expected[rule]}, received ${received}` });
    }
  }
  if (issues.length > 0) throw new ValidationError(what, issues);
}
