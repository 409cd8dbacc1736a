import type * as z from "zod/mini";

/** One problem in a value: where it is (`inputs.foo`, or `(root)`) and what was expected there. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** Turns zod issues into `field: what was expected` pairs that read well in a terminal. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): ValidationIssue[] {
  return issues.map((issue) => ({
    path: issue.path.length === 0 ? "(root)" : issue.path.map(String).join("."),
    message: issue.message,
  }));
}

/** How a message names the value that arrived: `a string`, `an empty string`, `an array`, `null`… */
export function describeReceived(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return value === "" ? "an empty string" : "a string";
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : "a number";
  return typeof value === "object" ? "an object" : typeof value;
}

/** `workflow_id: expected string, received number; inputs: ...` */
export function describeIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ");
}

/** `Invalid run params: workflow_id: expected string, received a number; …`: one wording for every kind of value. */
export const invalidMessage = (what: string, issues: readonly ValidationIssue[]): string =>
  `Invalid ${what}: ${describeIssues(issues)}`;
