/** One problem in a value: where it is (`inputs.foo`, or `(root)`) and what was expected there. */
export interface ValidationIssue {
  path: string;
  message: string;
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
