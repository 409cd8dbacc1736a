import type { components } from "../generated/openapi";
import type { WithOpenStatus } from "./run-status";

// The types only: the zod schemas (bulkRunSchema, createBulkRunParamsSchema) and the run-time checks are
// generated from the same OpenAPI document, into src/generated.

/**
 * A bulk run: one run per row of the CSV at `input_csv_url`. `status` may be one this SDK version does
 * not know yet; such a bulk run is final. The type names the known fields only; a parsed bulk run also
 * carries any field the API added since.
 */
export type BulkRun = WithOpenStatus<components["schemas"]["BulkRun"]>;

/** What `leap.bulkRuns.create()` accepts (`POST /v1/runs/bulk`). */
export type CreateBulkRunParams = components["schemas"]["CreateBulkRunRequest"];
