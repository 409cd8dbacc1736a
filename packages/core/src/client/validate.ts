import type * as z from "zod/mini";
import { ValidationError } from "../errors/validation-errors";
import { parseWithSchema } from "../schemas/parse-with-schema";

/** Parses `value` or throws a ValidationError naming each bad field; runs before anything is sent. */
export function validateParams<T extends z.ZodMiniType>(schema: T, value: unknown, what: string): z.infer<T> {
  const result = parseWithSchema(schema, value);
  if (!result.ok) throw new ValidationError(what, result.issues);
  return result.value as z.infer<T>;
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
