import { checkBulkRun } from "../generated/validators";
import type { BulkRun } from "../schemas/bulk-run";
import { parseWebhookBody } from "./parse-run";

/**
 * True when a webhook body carries a bulk run rather than a run, told by its shape: a bulk run has
 * `input_csv_url` and `row_count`, which a run has not (either one is enough). Never by the id: Leap's
 * bulk ids start with `bulk_` and run ids with `rnp_`, but nothing promises they always will. Only the
 * shape is read, so this also routes unverified bodies for `confirmWith`.
 */
export function isBulkRunBody(json: unknown): boolean {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return false;
  return Object.hasOwn(json, "input_csv_url") || Object.hasOwn(json, "row_count");
}

/** Checks a webhook body's JSON is a Bulk Run; an `invalid_body` error names the field otherwise. */
export const toWebhookBulkRun = (json: unknown): BulkRun =>
  parseWebhookBody(checkBulkRun, json, "a Bulk Run");
