import type * as z from "zod/mini";
import { describeReceived } from "./format-issues";

/**
 * Messages that say what was expected and what arrived. zod/mini ships no locale (to stay small), so
 * without this every problem would read "Invalid input".
 */
export const validationErrorMap = (issue: z.core.$ZodRawIssue): string | undefined => {
  switch (issue.code) {
    case "invalid_type": {
      // Worded as the generated checks word it (a required field of any type is `nonoptional` to zod).
      const expected =
        issue.expected === "record"
          ? "object"
          : issue.expected === "nonoptional"
            ? "a value"
            : issue.expected;
      return issue.input === undefined
        ? `required (expected ${expected})`
        : `expected ${expected}, received ${describeReceived(issue.input)}`;
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
