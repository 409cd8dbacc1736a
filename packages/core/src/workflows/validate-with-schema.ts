import type { ValidationIssue } from "../validation/format-issues";
import type { StandardSchemaV1 } from "./standard-schema";

/** The parsed value, or the issues as `path: message` pairs with paths under `prefix` (`inputs.prompt`). */
export type SchemaResult<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

/** Runs a Standard Schema (sync or async) and names each bad field under `prefix`. */
export async function validateWithSchema<S extends StandardSchemaV1>(
  schema: S,
  value: unknown,
  prefix: string,
): Promise<SchemaResult<StandardSchemaV1.InferOutput<S>>> {
  let result = schema["~standard"].validate(value);
  if (result instanceof Promise) result = await result;
  if (!result.issues) return { ok: true, value: result.value as StandardSchemaV1.InferOutput<S> };
  return {
    ok: false,
    issues: result.issues.map((issue) => {
      const keys = (issue.path ?? []).map((segment) =>
        String(typeof segment === "object" && segment !== null ? segment.key : segment),
      );
      return { path: [prefix, ...keys].join("."), message: issue.message };
    }),
  };
}
