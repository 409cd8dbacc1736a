/**
 * GENERATED FILE: do not edit. Run `pnpm generate` after changing openapi/workflows.yaml.
 */

import type { BulkRun, CreateBulkRunParams } from "../schemas/bulk-run";
import type { ErrorResponse } from "../schemas/error-response";
import type { CreateRunParams, WorkflowRun } from "../schemas/workflow-run";
import { type Check, integer, minLength, nullable, object, optional, record, string, unknown, url } from "../schemas/checks";

/** Checks the WorkflowRun object (components.schemas.WorkflowRun). */
export const checkWorkflowRun: Check<WorkflowRun> = object({
  id: string,
  version_id: string,
  status: string,
  created_at: string,
  started_at: nullable(string),
  ended_at: nullable(string),
  workflow_id: string,
  error: nullable(string),
  input: record,
  output: unknown,
});

/** Checks the BulkRun object (components.schemas.BulkRun). */
export const checkBulkRun: Check<BulkRun> = object({
  id: string,
  version_id: string,
  status: string,
  created_at: string,
  workflow_id: string,
  input_csv_url: string,
  output_csv_url: nullable(string),
  error: nullable(string),
  row_count: nullable(integer(0)),
});

/** Checks the ErrorResponse object (components.schemas.ErrorResponse). */
export const checkErrorResponse: Check<ErrorResponse> = object({
  error: object({
    type: string,
    message: string,
  }),
});

/** Checks the CreateRunRequest object (components.schemas.CreateRunRequest). */
export const checkCreateRunParams: Check<CreateRunParams> = object({
  workflow_id: minLength(1),
  webhook_url: optional(url(["http","https"])),
  inputs: optional(record),
});

/** Checks the CreateBulkRunRequest object (components.schemas.CreateBulkRunRequest). */
export const checkCreateBulkRunParams: Check<CreateBulkRunParams> = object({
  workflow_id: minLength(1),
  input_csv_url: url(),
  webhook_url: optional(url(["http","https"])),
});
