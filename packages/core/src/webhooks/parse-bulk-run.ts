import { checkBulkRun } from "../generated/validators";
import type { BulkRun } from "../schemas/bulk-run";
import { isBulkRunId } from "../schemas/bulk-run-id";
import { parseWebhookBody } from "./parse-run";

/**
 * True when a webhook body carries a bulk run rather than a run: bulk run ids start with `bkr_`, run
 * ids with `rnp_`. Only the id is read, so this also routes unverified bodies for `confirmWith`.
 */
export function isBulkRunBody(json: unknown): boolean {
  const id = typeof json === "object" && json !== null ? (json as { id?: unknown }).id : undefined;
  return typeof id === "string" && isBulkRunId(id);
}

/** Checks a webhook body's JSON is a Bulk Run; an `invalid_body` error names the field otherwise. */
export const toWebhookBulkRun = (json: unknown): BulkRun =>
  parseWebhookBody(checkBulkRun, json, "a Bulk Run");
