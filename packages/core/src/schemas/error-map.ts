import type * as z from "zod/mini";

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return value === "" ? "an empty string" : "a string";
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : "a number";
  return typeof value === "object" ? "an object" : typeof value;
}

/**
 * Messages that say what was expected and what arrived. zod/mini ships no locale (to stay small), so
 * without this every problem would read "Invalid input".
 */
export const validationErrorMap = (issue: z.core.$ZodRawIssue): string | undefined => {
  switch (issue.code) {
    case "invalid_type": {
      const expected = issue.expected === "record" ? "object" : issue.expected;
      return issue.input === undefined
        ? `required (expected ${expected})`
        : `expected ${expected}, received ${describe(issue.input)}`;
    }
    case "too_small":
      return `expected at least ${String(issue.minimum)}${issue.origin === "string" ? " characters" : ""}`;
    case "invalid_format":
      return `expected ${issue.format === "url" ? "a URL" : `a ${issue.format}`}`;
    case "unrecognized_keys":
      return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}`;
    case "invalid_value":
      return `expected one of ${issue.values.map(String).join(", ")}`;
    default:
      return undefined;
  }
};
