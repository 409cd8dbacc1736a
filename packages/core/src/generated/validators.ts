/**
 * GENERATED FILE: do not edit. Run `pnpm generate` after changing openapi/workflows.yaml.
 */

import type { BulkRun, CreateBulkRunParams } from "../schemas/bulk-run";
import type { ErrorResponse } from "../schemas/error-response";
import type { CreateRunParams, WorkflowRun } from "../schemas/workflow-run";
import { type Check, looseObject, minLength, nullable, number, object, optional, record, sameValue, string, unknown, url } from "../validation/checks";

/** Checks the WorkflowRun object (components.schemas.WorkflowRun); unknown fields: keep. */
export const checkWorkflowRun: Check<WorkflowRun> = /* @__PURE__ */ looseObject({
  id: string,
  version_id: string,
  status: string,
  created_at: string,
  started_at: /* @__PURE__ */ nullable(string),
  ended_at: /* @__PURE__ */ nullable(string),
  workflow_id: string,
  error: /* @__PURE__ */ nullable(string),
  input: /* @__PURE__ */ nullable(record),
  output: unknown,
});

/** Checks the BulkRun object (components.schemas.BulkRun); unknown fields: keep. */
export const checkBulkRun: Check<BulkRun> = /* @__PURE__ */ looseObject({
  id: string,
  version_id: string,
  status: string,
  created_at: string,
  workflow_id: string,
  input_csv_url: string,
  output_csv_url: /* @__PURE__ */ nullable(string),
  error: /* @__PURE__ */ nullable(string),
  row_count: /* @__PURE__ */ nullable(number),
});

/** Checks the ErrorResponse object (components.schemas.ErrorResponse); unknown fields: keep. */
export const checkErrorResponse: Check<ErrorResponse> = /* @__PURE__ */ looseObject({
  error: /* @__PURE__ */ looseObject({
    type: string,
    message: string,
  }),
});

/** Checks the CreateRunRequest object (components.schemas.CreateRunRequest); unknown fields: drop. */
export const checkCreateRunParams: Check<CreateRunParams> = /* @__PURE__ */ sameValue(["inputs","input"], /* @__PURE__ */ object({
  workflow_id: /* @__PURE__ */ minLength(1),
  webhook_url: /* @__PURE__ */ optional(/* @__PURE__ */ url(["http","https"])),
  inputs: /* @__PURE__ */ optional(record),
  input: /* @__PURE__ */ optional(record),
}));

/** Checks the CreateBulkRunRequest object (components.schemas.CreateBulkRunRequest); unknown fields: drop. */
export const checkCreateBulkRunParams: Check<CreateBulkRunParams> = /* @__PURE__ */ object({
  workflow_id: /* @__PURE__ */ minLength(1),
  input_csv_url: /* @__PURE__ */ url(),
  webhook_url: /* @__PURE__ */ optional(/* @__PURE__ */ url(["http","https"])),
});
