import { describeReceived, type ValidationIssue } from "./format-issues";

/** A parsed value, or the issues that say why it is not one. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

// The building blocks of src/generated/validators.ts (generated from the OpenAPI document). They check
// JSON-parsed values with no zod at run time, so a bundle that reads runs or verifies webhooks stays
// small; test/generated-validators.test.ts proves they agree with the generated zod schemas on every value.

/** Checks `value` at `path`: returns the parsed value, or records issues (and returns anything). */
export type Check<T> = ((value: unknown, path: string, issues: ValidationIssue[]) => T) & {
  /** What the check expects, for the message when the field is missing. */
  readonly expected: string;
  /** A field that may be absent (request parameters only). */
  readonly optional?: true;
};

// The builders used at this module's top level are marked free of side effects (esbuild honours that within
// a file), and src/generated/validators.ts marks each call pure, so that a bundler drops every check a
// program does not use: a webhook-only Worker needs the run's check, not the bulk run's or the parameters'.
const define = /* @__NO_SIDE_EFFECTS__ */ <T>(
  expected: string,
  run: (value: unknown, path: string, issues: ValidationIssue[]) => T,
) => Object.assign(run, { expected }) as Check<T>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

// Worded as the zod error map (error-map.ts) words the same problems, so every message reads alike. The
// messages zod has no word for are exported: the generated zod schemas (src/generated/zod.ts) use them.
/** A value that passes `test`, else `expected <expected>, received <what arrived>`. */
const typed = /* @__NO_SIDE_EFFECTS__ */ <T>(expected: string, test: (value: unknown) => boolean) =>
  define<T>(expected, (value, path, issues) => {
    if (!test(value))
      issues.push({ path, message: `expected ${expected}, received ${describeReceived(value)}` });
    return value as T;
  });

/**
 * `check`, then `test` on what it passed (`message` when that fails; a value of the wrong type gets one
 * issue, not two); the output is `map` of the checked value.
 */
const refine = <T>(
  check: Check<T>,
  test: (value: T) => boolean,
  message: string,
  expected = check.expected,
  map = (value: T) => value,
) =>
  define<T>(expected, (value, path, issues) => {
    const count = issues.length;
    const output = check(value, path, issues);
    if (issues.length > count) return output;
    if (!test(output)) issues.push({ path, message });
    return map(output);
  });

export const string = typed<string>("string", (value) => typeof value === "string");

export const unknown = define<unknown>("a value", (value) => value);

/** The message for a string shorter than `length`. */
export const minLengthMessage = (length: number) =>
  length === 1 ? "expected a non-empty string" : `expected at least ${length} characters`;

/** The message for a value that is not a URL (with one of `protocols`, when given). */
export const urlMessage = (protocols?: readonly string[]) =>
  protocols ? `expected a URL starting ${protocols.map((p) => `${p}://`).join(" or ")}` : "expected a URL";

/**
 * The zod `error` option of a generated `z.url()` (src/generated/zod.ts): words a missing field and a
 * bad URL as the `url` check does; a value of the wrong type falls through to validationErrorMap.
 */
export const urlError =
  (protocols?: readonly string[]) =>
  (issue: { code?: string; input?: unknown }): string | undefined => {
    if (issue.input === undefined) return "required (expected a URL)";
    return issue.code === "invalid_type" ? undefined : urlMessage(protocols);
  };

/** A string of at least `length` characters. */
export const minLength = (length: number) =>
  refine(string, (value) => value.length >= length, minLengthMessage(length));

/**
 * A URL, trimmed, optionally limited to some protocols; the same rules as zod's `z.url()` (which also
 * wants `http://` or `https://` spelled out when the protocols are http and https).
 */
export const url = (protocols?: readonly string[]) => {
  const http = protocols?.length === 2 && protocols.includes("http") && protocols.includes("https");
  return refine(
    string,
    (value) => {
      const trimmed = value.trim();
      try {
        const protocol = new URL(trimmed).protocol.slice(0, -1);
        return (!http || /^https?:\/\//i.test(trimmed)) && (!protocols || protocols.includes(protocol));
      } catch {
        return false;
      }
    },
    urlMessage(protocols),
    "a URL",
    // As zod does: the URL parser ignores tabs and newlines, so the value kept must not have them either.
    (value) => value.trim().replace(/[\t\n\r]/g, ""),
  );
};

/** A request field that may be left out. */
export const optional = <T>(check: Check<T>) =>
  Object.assign((value: unknown, path: string, issues: ValidationIssue[]) => check(value, path, issues), {
    expected: check.expected,
    optional: true as const,
  }) as Check<T | undefined>;

/** Any JSON number (Leap's published schema says `number` where the dev server sends integers). */
export const number = typed<number>("number", (value) => Number.isFinite(value));

export const integer = (minimum: number) =>
  refine(
    typed<number>("int", Number.isSafeInteger),
    (value) => value >= minimum,
    `expected at least ${minimum}`,
  );

export const nullable = <T>(check: Check<T>) =>
  define<T | null>(check.expected, (value, path, issues) =>
    value === null ? null : check(value, path, issues),
  );

// One builder for every kind of object, to keep bundles small.
const objectCheck = /* @__NO_SIDE_EFFECTS__ */ <T>(
  shape: { [K in keyof T]: Check<T[K]> },
  keepUnknown: boolean,
) => {
  const keys = Object.keys(shape) as (keyof T & string)[];
  return define<T>("object", (value, path, issues) => {
    if (!isObject(value)) {
      issues.push({ path, message: `expected object, received ${describeReceived(value)}` });
      return value as T;
    }
    const output: Record<string, unknown> = {};
    if (keepUnknown) for (const key of Object.keys(value)) if (key !== "__proto__") output[key] = value[key];
    for (const key of keys) {
      const at = path === "" ? key : `${path}.${key}`;
      if (!Object.hasOwn(value, key) || value[key] === undefined) {
        if (!shape[key].optional)
          issues.push({ path: at, message: `required (expected ${shape[key].expected})` });
      } else {
        output[key] = shape[key](value[key], at, issues);
      }
    }
    return output as T;
  });
};

const recordCopy = objectCheck<Record<string, unknown>>({}, true);

/** A JSON object of anything; like zod's record, it drops a `__proto__` key (the only case it copies). */
export const record = define<Record<string, unknown>>("object", (value, path, issues) =>
  isObject(value) && !Object.hasOwn(value, "__proto__") ? value : recordCopy(value, path, issues),
);

/**
 * An object with these fields (required unless `optional`); unknown fields are dropped, as zod's
 * `z.object` drops them. For what the client sends: only the fields the contract names go out.
 */
export const object = <T>(shape: { [K in keyof T]: Check<T[K]> }) => objectCheck(shape, false);

/**
 * An object with these fields whose unknown fields are kept, as zod's `z.looseObject` keeps them. For
 * what the API answers: a field Leap adds reaches the user before the SDK knows it (a `__proto__` key is
 * dropped, as zod drops it, so the copy never gets a new prototype).
 */
export const looseObject = <T>(shape: { [K in keyof T]: Check<T[K]> }) => objectCheck(shape, true);

// Object keys sorted, so that their order does not count.
const sortKeys = (_key: string, value: unknown) =>
  isObject(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1))) : value;

/**
 * True when two values are the same JSON, object keys in any order: they would go out as the same request
 * field (so two Dates compare by their time, and an `undefined` field is no field, as JSON.stringify has it).
 */
export const sameJson = (a: unknown, b: unknown): boolean =>
  // Keys sorted only when the plain texts differ: one object sent under two names (the client's inputs and
  // input) is the same text at once, on every create the dev server validates.
  JSON.stringify(a) === JSON.stringify(b) || JSON.stringify(a, sortKeys) === JSON.stringify(b, sortKeys);

/** The message when two names of one field (`x-same-value`) carry different values. */
export const differentValuesMessage = (first: string, second: string) =>
  `expected the same value as \`${first}\` (${first} and ${second} name one field)`;

/** Two fields that name the same thing (`x-same-value` in the document): when both are given, equal. */
export const sameValue = <T>(fields: readonly [string, string], check: Check<T>) =>
  define<T>(check.expected, (value, path, issues) => {
    const output = check(value, path, issues);
    const [first, second] = fields;
    if (isObject(output) && output[first] !== undefined && output[second] !== undefined) {
      if (!sameJson(output[first], output[second])) {
        issues.push({
          path: path === "" ? second : `${path}.${second}`,
          message: differentValuesMessage(first, second),
        });
      }
    }
    return output;
  });

/** Runs a check from the root: the parsed value, or the issues (a root issue's path is `(root)`). */
export function validate<T>(check: Check<T>, value: unknown): ParseResult<T> {
  const issues: ValidationIssue[] = [];
  const output = check(value, "", issues);
  if (issues.length === 0) return { ok: true, value: output };
  return { ok: false, issues: issues.map((issue) => ({ ...issue, path: issue.path || "(root)" })) };
}
