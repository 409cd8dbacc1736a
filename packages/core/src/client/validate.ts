import { ValidationError } from "../errors/validation-errors";
import { type Check, validate } from "../schemas/checks";

/** Parses `value` or throws a ValidationError naming each bad field; runs before anything is sent. */
export function validateParams<T>(check: Check<T>, value: unknown, what: string): T {
  const result = validate(check, value);
  if (!result.ok) throw new ValidationError(what, result.issues);
  return result.value;
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
