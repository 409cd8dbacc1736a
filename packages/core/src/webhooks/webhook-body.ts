import { WebhookVerificationError } from "../errors/webhook-verification-error";
import { checkBulkRun, checkWorkflowRun } from "../generated/validators";
import type { BulkRun } from "../schemas/bulk-run";
import type { WorkflowRun } from "../schemas/workflow-run";
import { type Check, validate } from "../validation/checks";
import { invalidMessage } from "../validation/format-issues";

// A verified (or, for `confirmWith`, unverified) webhook body: text → JSON → a checked run or bulk run.
// Every failure is `invalid_body` (answered 400: a retry would send the same body).

const decoder = new TextDecoder();

/** The raw body as text. */
export function bodyText(body: string | Uint8Array): string {
  return typeof body === "string" ? body : decoder.decode(body);
}

/** Parses a webhook body as JSON; `invalid_body` when it is not. */
export function parseWebhookJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new WebhookVerificationError("invalid_body", "Invalid webhook body: expected JSON");
  }
}

/** Checks a webhook body's JSON with `check`; an `invalid_body` error says it is not `what`, naming the field. */
function checkWebhookBody<T>(check: Check<T>, json: unknown, what: string): T {
  const result = validate(check, json);
  if (result.ok) return result.value;
  throw new WebhookVerificationError(
    "invalid_body",
    invalidMessage(`webhook body, not ${what}`, result.issues),
  );
}

/** Checks a webhook body's JSON is a Workflow Run (unknown fields kept). */
export const checkWebhookRun = (json: unknown): WorkflowRun =>
  checkWebhookBody(checkWorkflowRun, json, "a Workflow Run");

/**
 * Parses a verified body that must be a run: a bulk run's body is refused with a message naming
 * `verifyWebhookDelivery`, which returns either kind.
 */
export function parseWebhookRun(body: string): WorkflowRun {
  const json = parseWebhookJson(body);
  if (isBulkRunBody(json)) {
    throw new WebhookVerificationError("invalid_body", "A bulk run's webhook: use verifyWebhookDelivery");
  }
  return checkWebhookRun(json);
}

/** Checks a webhook body's JSON is a Bulk Run (unknown fields kept). */
export const checkWebhookBulkRun = (json: unknown): BulkRun =>
  checkWebhookBody(checkBulkRun, json, "a Bulk Run");

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
