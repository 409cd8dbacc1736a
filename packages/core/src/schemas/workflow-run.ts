import type { components } from "../generated/openapi";
import type { WithOpenStatus } from "./run-status";

// The types only: the zod schema (workflowRunSchema, createRunParamsSchema) and the run-time checks are
// generated from the same OpenAPI document, into src/generated.

/**
 * A workflow run, as the API returns it and as a webhook delivers it. `status` may be one this SDK
 * version does not know yet; such a run is final. The type names the known fields only; a parsed run also
 * carries any field the API added since.
 */
export type WorkflowRun = WithOpenStatus<components["schemas"]["WorkflowRun"]>;

/**
 * What `leap.run()` accepts (`POST /v1/runs`): the workflow to run, its inputs, and where to send the
 * finished run. The inputs may be passed as `inputs` (Leap's docs page) or `input` (Leap's published
 * schema and official SDK); both are sent. When both are given they must be equal.
 */
export type CreateRunParams = components["schemas"]["CreateRunRequest"];
