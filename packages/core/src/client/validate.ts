import type * as z from "zod/mini";
import { ValidationError } from "../errors/validation-errors";
import { validationErrorMap } from "../schemas/error-map";
import { formatIssues } from "../schemas/format-issues";

/** Parses `value` or throws a ValidationError naming each bad field; runs before anything is sent. */
export function validateParams<T extends z.ZodMiniType>(schema: T, value: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(value, { error: validationErrorMap });
  if (!result.success) throw new ValidationError(what, formatIssues(result.error.issues));
  return result.data;
}

/** Checks an id before it goes into a URL path. */
export function validateId(id: unknown, what: string): string {
  if (typeof id !== "string" || id.trim() === "") {
    throw new ValidationError(what, [
      {
        path: "id",
        message: `expected a non-empty string, received ${id === "" ? "an empty string" : typeof id}`,
      },
    ]);
  }
  return id;
}
