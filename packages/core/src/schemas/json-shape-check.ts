import type * as z from "zod/mini";

// A webhook receiver validates every delivery, and zod's general parse costs about as much as the HMAC.
// This derives a plain predicate from a zod object schema's own definition (so the schema stays the one
// source of truth) for the few field kinds a Workflow Run uses. It only ever answers "valid" when zod
// would; anything it does not recognise, or any doubt, returns undefined and zod decides (and words the error).

type Check = (value: unknown) => boolean;

interface Def {
  type: string;
  checks?: unknown[];
  innerType?: { _zod: { def: Def } };
  keyType?: { _zod: { def: Def } };
  valueType?: { _zod: { def: Def } };
  shape?: Record<string, { _zod: { def: Def } }>;
  catchall?: unknown;
}

const hasOwn = (value: object, key: string) => Object.hasOwn(value, key);
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function checkOf(def: Def): Check | undefined {
  switch (def.type) {
    case "string":
      return def.checks?.length ? undefined : (value) => typeof value === "string";
    case "unknown":
      return () => true;
    case "nullable": {
      const inner = def.innerType && checkOf(def.innerType._zod.def);
      return inner && ((value) => value === null || inner(value));
    }
    case "record": {
      const key = def.keyType?._zod.def;
      const value = def.valueType?._zod.def;
      if (key?.type !== "string" || key.checks?.length || value?.type !== "unknown") return undefined;
      // zod strips a `__proto__` key from records: leave that rare case to zod.
      return (candidate) => isObject(candidate) && !hasOwn(candidate, "__proto__");
    }
    default:
      return undefined;
  }
}

/**
 * A fast validator for JSON-parsed values derived from a zod object schema: returns the value as zod would
 * (unknown keys stripped) when it is certainly valid, or undefined to say "ask zod". Undefined for the whole
 * schema when it uses a field kind this does not know.
 */
export function compileJsonShapeCheck<T>(
  schema: z.ZodMiniType<T>,
): ((value: unknown) => T | undefined) | undefined {
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  if (def.type !== "object" || !def.shape || def.catchall !== undefined) return undefined;
  const fields: [string, Check][] = [];
  for (const [key, field] of Object.entries(def.shape)) {
    const check = checkOf(field._zod.def);
    if (!check) return undefined;
    fields.push([key, check]);
  }
  return (value) => {
    if (!isObject(value)) return undefined;
    for (const [key, check] of fields) {
      // A missing key is left to zod, whose rules for absent keys depend on the field kind.
      if (!hasOwn(value, key) || !check(value[key])) return undefined;
    }
    // Exactly the schema's keys (the usual case): nothing to strip, so the parsed value itself is the output.
    if (Object.keys(value).length === fields.length) return value as T;
    const output: Record<string, unknown> = {};
    for (const [key] of fields) output[key] = value[key];
    return output as T;
  };
}
