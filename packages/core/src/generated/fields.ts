/**
 * GENERATED FILE: do not edit. Run `pnpm generate` after changing openapi/workflows.yaml.
 */

import type { BulkRun } from "../schemas/bulk-run";
import type { WorkflowRun } from "../schemas/workflow-run";

/** The kind of value a field holds: a string (enums, URLs, dates), a number, or any other JSON value. */
export type FieldKind = "string" | "number" | "json";

/** The fields of the WorkflowRun object (components.schemas.WorkflowRun), in the document's order, by kind. */
export const workflowRunFields = {
  id: "string",
  version_id: "string",
  status: "string",
  created_at: "string",
  started_at: "string",
  ended_at: "string",
  workflow_id: "string",
  error: "string",
  input: "json",
  output: "json",
} as const satisfies { readonly [Field in keyof WorkflowRun]-?: FieldKind };

/** The fields of the BulkRun object (components.schemas.BulkRun), in the document's order, by kind. */
export const bulkRunFields = {
  id: "string",
  version_id: "string",
  status: "string",
  created_at: "string",
  workflow_id: "string",
  input_csv_url: "string",
  output_csv_url: "string",
  error: "string",
  row_count: "number",
} as const satisfies { readonly [Field in keyof BulkRun]-?: FieldKind };
