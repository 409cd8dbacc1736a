import { ValidationError } from "../errors/validation-errors";
import { type Check, validate } from "../validation/checks";
import { pathSegment } from "./path-segment";

/** Parses `value` or throws a ValidationError naming each bad field; runs before anything is sent. */
export function validateParams<T>(check: Check<T>, value: unknown, what: string): T {
  const result = validate(check, value);
  if (!result.ok) throw new ValidationError(what, result.issues);
  return result.value;
}

/**
 * Checks an id before it goes into a URL path: empty, `.`, `..`, or holding `/ \ ? # %`, whitespace or
 * control characters is a ValidationError naming `what` (nothing is sent). Returns the id unchanged.
 */
export function validateId(id: unknown, what: string): string {
  pathSegment(id, what);
  return id as string;
}
