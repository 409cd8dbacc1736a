import { ConfigurationError } from "../errors/validation-errors";
import type { ValidationIssue } from "../schemas/format-issues";

/**
 * What a numeric option may hold. Every numeric option of the client, its calls, `wait`, webhook verification,
 * both webhook handlers and the memory id store is checked against one of these, so NaN, a negative, a
 * fraction where a count is meant or an Infinity cannot quietly switch a protection off.
 * - `count`: a whole number >= 0 (retries)
 * - `size`: a whole number >= 1 (bytes, connections, entries)
 * - `duration`: milliseconds >= 0, finite (a request's timeout)
 * - `limit`: milliseconds >= 0, or Infinity for "no limit" (only a wait's `timeout`)
 * - `interval`: milliseconds > 0, finite (poll intervals)
 * - `seconds`: seconds >= 0, finite (a webhook timestamp's tolerance)
 * - `lifetime`: seconds > 0, finite (how long a webhook id is remembered)
 */
export type NumberRule = "count" | "size" | "duration" | "limit" | "interval" | "seconds" | "lifetime";

const expected: Record<NumberRule, string> = {
  count: "a whole number >= 0",
  size: "a whole number >= 1",
  duration: "a finite number of milliseconds >= 0",
  limit: "a number of milliseconds >= 0, or Infinity for no limit",
  interval: "a finite number of milliseconds > 0",
  seconds: "a finite number of seconds >= 0",
  lifetime: "a finite number of seconds > 0",
};

function fits(value: number, rule: NumberRule): boolean {
  switch (rule) {
    case "count":
      return Number.isInteger(value) && value >= 0;
    case "size":
      return Number.isInteger(value) && value >= 1;
    case "limit":
      return !Number.isNaN(value) && value >= 0;
    case "interval":
    case "lifetime":
      return Number.isFinite(value) && value > 0;
    default:
      return Number.isFinite(value) && value >= 0;
  }
}

function describe(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return JSON.stringify(value);
  return value === null ? "null" : typeof value;
}

/**
 * Checks numeric options (`undefined` means "use the default" and passes), throwing one ConfigurationError
 * that names every bad option, what was expected and what arrived. `what` says whose options they are.
 */
export function validateNumbers(
  what: string,
  entries: readonly (readonly [name: string, value: unknown, rule: NumberRule])[],
): void {
  const issues: ValidationIssue[] = [];
  for (const [name, value, rule] of entries) {
    if (value === undefined) continue;
    if (typeof value !== "number" || !fits(value, rule)) {
      issues.push({ path: name, message: `expected ${expected[rule]}, received ${describe(value)}` });
    }
  }
  if (issues.length > 0) {
    const list = issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ");
    throw new ConfigurationError(`Invalid ${what}: ${list}`, { issues });
  }
}
