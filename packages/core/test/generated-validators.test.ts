import fc from "fast-check";
import { describe, expect, test } from "vitest";
import * as z from "zod/mini";
import {
  checkBulkRun,
  checkCreateBulkRunParams,
  checkCreateRunParams,
  checkErrorResponse,
  checkWorkflowRun,
} from "../src/generated/validators";
import {
  bulkRunSchema,
  createBulkRunParamsSchema,
  createRunParamsSchema,
  errorResponseSchema,
  validationErrorMap,
  workflowRunSchema,
} from "../src/index";
import { type Check, validate } from "../src/validation/checks";
import { formatIssues } from "../src/validation/format-issues";

// The generated checks (what the client and the dev server run) and the generated zod schemas (what users
// import, their types pinned to the OpenAPI types) come from one walk over the OpenAPI document, by two
// emitters; they must agree on every JSON value: same verdict, same output, and (with validationErrorMap)
// the same words for the first problem. Values are JSON.parse output, as the client and webhook handlers
// see them; mutations take valid objects close to every edge.

const status = fc.constantFrom("queued", "running", "completed", "failed", "cancelled", "brand_new");
const nullableString = fc.option(fc.string(), { nil: null });
const validRun = fc.record({
  id: fc.string(),
  version_id: fc.string(),
  status,
  created_at: fc.string(),
  started_at: nullableString,
  ended_at: nullableString,
  workflow_id: fc.string(),
  error: nullableString,
  input: fc.option(fc.dictionary(fc.string(), fc.jsonValue()), { nil: null }),
  output: fc.jsonValue(),
});
const validBulkRun = fc.record({
  id: fc.string(),
  version_id: fc.string(),
  status,
  created_at: fc.string(),
  workflow_id: fc.string(),
  input_csv_url: fc.string(),
  output_csv_url: nullableString,
  error: nullableString,
  row_count: fc.option(fc.oneof(fc.nat(), fc.integer(), fc.double()), { nil: null }),
});
// URLs near every rule of zod's z.url(): spaces to trim, tabs and newlines, missing slashes, other protocols.
const urlLike = fc.oneof(
  fc.webUrl(),
  fc.string(),
  fc.constantFrom(
    " https://example.com/hook ",
    "HTTPS://EXAMPLE.COM",
    "http:example.com",
    "https:/path",
    "ftp://example.com/x.csv",
    "file:///tmp/rows.csv",
    "https://exa\tmple.com",
    "mailto:a@b.c",
    "",
  ),
);
// `input` and `inputs` name one field: both given, they must be equal (often equal, keys reordered, here).
const inputs = fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 });
const validRunParams = fc
  .tuple(
    fc.record(
      { workflow_id: fc.string(), webhook_url: urlLike, inputs, input: inputs },
      { requiredKeys: ["workflow_id"] },
    ),
    fc.boolean(),
  )
  .map(([params, same]) =>
    same && params.inputs !== undefined && params.input !== undefined
      ? { ...params, input: Object.fromEntries(Object.entries(params.inputs).reverse()) }
      : params,
  );
const validBulkRunParams = fc.record(
  { workflow_id: fc.string(), input_csv_url: urlLike, webhook_url: urlLike },
  { requiredKeys: ["workflow_id", "input_csv_url"] },
);
const validErrorResponse = fc.record({ error: fc.record({ type: fc.string(), message: fc.string() }) });

function mutations(keys: string[]) {
  return fc.oneof(
    fc.constant({ kind: "none" as const }),
    fc.record({ kind: fc.constant("delete" as const), key: fc.constantFrom(...keys) }),
    fc.record({ kind: fc.constant("set" as const), key: fc.constantFrom(...keys), value: fc.jsonValue() }),
    fc.record({ kind: fc.constant("extra" as const), key: fc.string(), value: fc.jsonValue() }),
    fc.record({ kind: fc.constant("proto" as const) }),
    fc.record({ kind: fc.constant("replace" as const), value: fc.jsonValue() }),
  );
}

function mutate(
  value: Record<string, unknown>,
  change: { kind: string; key?: string; value?: unknown },
): unknown {
  let text = JSON.stringify(value);
  if (change.kind === "delete") text = JSON.stringify({ ...value, [change.key as string]: undefined });
  if (change.kind === "set" || change.kind === "extra")
    text = JSON.stringify({ ...value, [change.key as string]: change.value });
  if (change.kind === "replace") text = JSON.stringify(change.value);
  if (change.kind === "proto") text = `{"__proto__":{},${text.slice(1)}`;
  return JSON.parse(text);
}

function agree<T>(
  name: string,
  check: Check<T>,
  schema: z.ZodMiniType,
  valid: fc.Arbitrary<Record<string, unknown>>,
) {
  test(`${name}: the generated check and the zod schema agree on every value`, () => {
    const keys = Object.keys((schema as unknown as { def: { shape: object } }).def.shape);
    let accepted = 0;
    fc.assert(
      fc.property(valid, mutations(keys), (value, change) => {
        const candidate = mutate(value, change);
        const ours = validate(check, candidate);
        const theirs = schema.safeParse(candidate, { error: validationErrorMap });
        expect(ours.ok).toBe(theirs.success);
        if (ours.ok && theirs.success) {
          accepted++;
          expect(ours.value).toEqual(theirs.data);
        }
        if (!ours.ok && !theirs.success) {
          expect(formatIssues(theirs.error.issues)).toContainEqual(ours.issues[0]);
        }
      }),
      { numRuns: 1_000 },
    );
    expect(accepted).toBeGreaterThan(100);
  });
}

describe("generated validators", () => {
  agree("WorkflowRun", checkWorkflowRun, workflowRunSchema, validRun);
  agree("BulkRun", checkBulkRun, bulkRunSchema, validBulkRun);
  agree("ErrorResponse", checkErrorResponse, errorResponseSchema, validErrorResponse);
  agree("CreateRunRequest", checkCreateRunParams, createRunParamsSchema, validRunParams);
  agree("CreateBulkRunRequest", checkCreateBulkRunParams, createBulkRunParamsSchema, validBulkRunParams);

  test("issues name the field and say what was expected and what arrived", () => {
    const result = validate(checkBulkRun, { id: 1, row_count: "3" });
    expect(result).toEqual({
      ok: false,
      issues: expect.arrayContaining([
        { path: "id", message: "expected string, received a number" },
        { path: "version_id", message: "required (expected string)" },
        { path: "row_count", message: "expected number, received a string" },
      ]),
    });
    expect(
      validate(checkCreateRunParams, { workflow_id: "wkf_1", inputs: { a: 1 }, input: { a: 2 } }),
    ).toEqual({
      ok: false,
      issues: [{ path: "input", message: expect.stringMatching(/`inputs`.*inputs and input/) }],
    });
    expect(validate(checkWorkflowRun, [])).toEqual({
      ok: false,
      issues: [{ path: "(root)", message: "expected object, received an array" }],
    });
  });
});

// Keeps `z` imported for the schema type above even if every use is type-only.
void z;
