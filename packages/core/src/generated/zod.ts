/**
 * GENERATED FILE: do not edit. Run `pnpm generate` after changing openapi/workflows.yaml.
 */

import * as z from "zod/mini";
import type { RunStatus } from "../schemas/run-status";
import { differentValuesMessage, minLengthMessage, sameJson, urlError } from "../validation/checks";

// Any string is accepted for an open enum (x-open-enum), so a value added server-side never breaks
// parsing; the cast only narrows the inferred type, which schemas.test-d.ts pins to the generated enum.
const runStatusSchema = z.string() as unknown as z.ZodMiniType<RunStatus>;

/**
 * The WorkflowRun object (components.schemas.WorkflowRun). Fields it does not name are kept.
 *
 * A run, as the API returns it and as a webhook delivers it. `input`, `output`, `error`, `started_at` and
 * `ended_at` may be null, as in Leap's published schema (a run created without inputs has `input: null`).
 */
export const workflowRunSchema = z.looseObject({
  id: z.string(),
  version_id: z.string(),
  status: runStatusSchema,
  created_at: z.string(),
  started_at: z.nullable(z.string()),
  ended_at: z.nullable(z.string()),
  workflow_id: z.string(),
  error: z.nullable(z.string()),
  input: z.nullable(z.record(z.string(), z.unknown())),
  output: z.unknown(),
});

/**
 * The BulkRun object (components.schemas.BulkRun). Fields it does not name are kept.
 *
 * A bulk run: one run per row of the CSV at `input_csv_url`. Its `input_csv_url` and `row_count` (which a
 * run has not) tell it from a run in a webhook body.
 */
export const bulkRunSchema = z.looseObject({
  id: z.string(),
  version_id: z.string(),
  status: runStatusSchema,
  created_at: z.string(),
  workflow_id: z.string(),
  input_csv_url: z.string(),
  output_csv_url: z.nullable(z.string()),
  error: z.nullable(z.string()),
  row_count: z.nullable(z.number()),
});

/**
 * The ErrorResponse object (components.schemas.ErrorResponse). Fields it does not name are kept.
 */
export const errorResponseSchema = z.looseObject({
  error: z.looseObject({
    type: z.string(),
    message: z.string(),
  }),
});

/**
 * The CreateRunRequest object (components.schemas.CreateRunRequest). Fields it does not name are dropped.
 *
 * The docs page names the workflow's inputs `inputs`; Leap's published schema and its official SDK name
 * them `input`. Clients send both names with the same value, so the inputs reach a server that reads
 * either. Sending one name would silently lose the inputs on a server that reads the other; sending both
 * risks only a server that refuses fields it does not know, which neither document describes (Leap's
 * published schema allows fields it does not name). Callers may pass either name; when both are given they
 * must be equal (a ValidationError names both otherwise). Servers accept either or both; both with
 * different values is a 400 error naming both.
 */
export const createRunParamsSchema = z.object({
  workflow_id: z.string().check(z.minLength(1, minLengthMessage(1))),
  webhook_url: z.optional(z.url({ protocol: /^https?$/, error: urlError(["http","https"]) })),
  inputs: z.optional(z.record(z.string(), z.unknown())),
  input: z.optional(z.record(z.string(), z.unknown())),
}).check(
  z.refine((value) => value.inputs === undefined || value.input === undefined || sameJson(value.inputs, value.input), {
    path: ["input"],
    message: differentValuesMessage("inputs", "input"),
  }),
);

/**
 * The CreateBulkRunRequest object (components.schemas.CreateBulkRunRequest). Fields it does not name are dropped.
 */
export const createBulkRunParamsSchema = z.object({
  workflow_id: z.string().check(z.minLength(1, minLengthMessage(1))),
  input_csv_url: z.url({ error: urlError() }),
  webhook_url: z.optional(z.url({ protocol: /^https?$/, error: urlError(["http","https"]) })),
});
