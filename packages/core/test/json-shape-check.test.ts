import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { createRunParamsSchema, workflowRunSchema } from "../src/index";
import { compileJsonShapeCheck } from "../src/schemas/json-shape-check";

const fastCheck = compileJsonShapeCheck(workflowRunSchema);

const validRun = fc.record({
  id: fc.string(),
  version_id: fc.string(),
  status: fc.constantFrom("queued", "running", "completed", "failed", "cancelled", "brand_new"),
  created_at: fc.string(),
  started_at: fc.option(fc.string(), { nil: null }),
  ended_at: fc.option(fc.string(), { nil: null }),
  workflow_id: fc.string(),
  error: fc.option(fc.string(), { nil: null }),
  input: fc.dictionary(fc.string(), fc.jsonValue()),
  output: fc.jsonValue(),
});
const keys = Object.keys(workflowRunSchema.def.shape);
const mutation = fc.oneof(
  fc.constant({ kind: "none" as const }),
  fc.record({ kind: fc.constant("delete" as const), key: fc.constantFrom(...keys) }),
  fc.record({ kind: fc.constant("set" as const), key: fc.constantFrom(...keys), value: fc.jsonValue() }),
  fc.record({ kind: fc.constant("extra" as const), key: fc.string(), value: fc.jsonValue() }),
  fc.record({ kind: fc.constant("proto" as const), key: fc.constantFrom("__proto__", "input") }),
  fc.record({ kind: fc.constant("replace" as const), value: fc.jsonValue() }),
);

describe("the fast run check derived from workflowRunSchema", () => {
  test("property: whenever it accepts, zod accepts with the same output; it accepts every valid run", () => {
    let accepted = 0;
    fc.assert(
      fc.property(validRun, mutation, (run, change) => {
        let text = JSON.stringify(run);
        if (change.kind === "delete") text = JSON.stringify({ ...run, [change.key]: undefined });
        if (change.kind === "set") text = JSON.stringify({ ...run, [change.key]: change.value });
        if (change.kind === "extra") text = JSON.stringify({ ...run, [change.key]: change.value });
        if (change.kind === "replace") text = JSON.stringify(change.value);
        if (change.kind === "proto" && change.key === "__proto__") text = `{"__proto__":{},${text.slice(1)}`;
        if (change.kind === "proto" && change.key === "input")
          text = text.replace(
            '"input":{',
            `"input":{"__proto__":1${Object.keys(run.input).length ? "," : ""}`,
          );
        // What a webhook receiver validates is always JSON.parse output.
        const value: unknown = JSON.parse(text);
        const fast = fastCheck?.(value);
        const zod = workflowRunSchema.safeParse(value);
        if (fast !== undefined) {
          accepted++;
          expect(zod.success).toBe(true);
          expect(fast).toEqual(zod.data);
        }
        // Every valid run, except one whose input has a `__proto__` key: zod strips it, so that is left to zod.
        if (change.kind === "none" && !Object.hasOwn(run.input, "__proto__")) expect(fast).toBeDefined();
      }),
      { numRuns: 1_000 },
    );
    expect(accepted).toBeGreaterThan(100);
  });

  test("a schema with field kinds it does not know gets no fast check (zod decides)", () => {
    expect(fastCheck).toBeDefined();
    expect(compileJsonShapeCheck(createRunParamsSchema)).toBeUndefined();
  });
});
