/**
 * GENERATED FILE: do not edit. Run `pnpm generate` after changing openapi/workflows.yaml.
 */

import type { BulkRun, CreateBulkRunParams } from "../schemas/bulk-run";
import type { ErrorResponse } from "../schemas/error-response";
import type { CreateRunParams, WorkflowRun } from "../schemas/workflow-run";
import { type Check, looseObject, minLength, nullable, number, object, optional, record, sameValue, string, unknown, url } from "../validation/checks";

/** Checks the WorkflowRun object (components.schemas.WorkflowRun); unknown fields: keep. */
export const checkWorkflowRun: Check<WorkflowRun> = looseObject({
  id: string,
  version_id: string,
  status: string,
  created_at: string,
  started_at: nullable(string),
  ended_at: nullable(string),
  workflow_id: string,
  error: nullable(string),
  input: nullable(record),
  output: unknown,
});

/** Checks the BulkRun object (components.schemas.BulkRun); unknown fields: keep. */
export const checkBulkRun: Check<BulkRun> = looseObject({
  id: string,
  version_id: string,
  status: string,
  created_at: string,
  workflow_id: string,
  input_csv_url: string,
  output_csv_url: nullable(string),
  error: nullable(string),
  row_count: nullable(number),
});

/** Checks the ErrorResponse object (components.schemas.ErrorResponse); unknown fields: keep. */
export const checkErrorResponse: Check<ErrorResponse> = looseObject({
  error: looseObject({
    type: string,
    message: string,
  }),
});

/** Checks the CreateRunRequest object (components.schemas.CreateRunRequest); unknown fields: drop. */
export const checkCreateRunParams: Check<CreateRunParams> = sameValue(["inputs","input"], object({
  workflow_id: minLength(1),
  webhook_url: optional(url(["http","https"])),
  inputs: optional(record),
  input: optional(record),
}));

/** Checks the CreateBulkRunRequest object (components.schemas.CreateBulkRunRequest); unknown fields: drop. */
export const checkCreateBulkRunParams: Check<CreateBulkRunParams> = object({
  workflow_id: minLength(1),
  input_csv_url: url(),
  webhook_url: optional(url(["http","https"])),
});
