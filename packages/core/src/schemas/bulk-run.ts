import * as z from "zod/mini";
import { runStatusSchema } from "./run-status-schema";

const bulkRunShape = {
  id: z.string(),
  version_id: z.string(),
  status: runStatusSchema,
  created_at: z.string(),
  workflow_id: z.string(),
  input_csv_url: z.string(),
  output_csv_url: z.nullable(z.string()),
  error: z.nullable(z.string()),
  // A number in Leap's published schema; null accepted too (liberal: it costs nothing).
  row_count: z.nullable(z.number()),
};

/** A bulk run: one run per row of the CSV at `input_csv_url`. Fields it does not name are kept. */
export const bulkRunSchema = z.looseObject(bulkRunShape);

/**
 * A bulk run. `status` may be one this SDK version does not know yet; such a bulk run is final. The type
 * names the known fields only; a parsed bulk run also carries any field the API added since.
 */
export type BulkRun = z.infer<z.ZodMiniObject<typeof bulkRunShape, z.core.$strip>>;

/** Parameters of `leap.bulkRuns.create()` / `POST /v1/runs/bulk`. */
export const createBulkRunParamsSchema = z.object({
  workflow_id: z.string().check(z.minLength(1, "must be a non-empty workflow id such as wkf_123")),
  input_csv_url: z.url({ error: "must be a URL of a CSV file" }),
  webhook_url: z.optional(z.url({ protocol: /^https?$/, error: "must be an http(s) URL" })),
});

/** What `leap.bulkRuns.create()` accepts. */
export type CreateBulkRunParams = z.infer<typeof createBulkRunParamsSchema>;
