import { ValidationError } from "../errors/validation-errors";
import { type Check, validate } from "../validation/checks";

/** Parses `value` or throws a ValidationError naming each bad field; runs before anything is sent. */
export function validateParams<T>(check: Check<T>, value: unknown, what: string): T {
  const result = validate(check, value);
  if (!result.ok) throw new ValidationError(what, result.issues);
  return result.value;
}
