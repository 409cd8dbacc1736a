import { NotFoundError } from "../errors/api-error";
import { ValidationError } from "../errors/validation-errors";
import { WebhookVerificationError } from "../errors/webhook-verification-error";
import type { BulkRun } from "../schemas/bulk-run";
import type { WorkflowRun } from "../schemas/workflow-run";
import { checkWebhookBulkRun, checkWebhookRun, isBulkRunBody, parseWebhookJson } from "./webhook-body";

/**
 * What a verified webhook carries, told apart by the body's shape: a finished run, or a finished bulk run.
 * `verifyWebhookDelivery` returns it; narrow on `kind`.
 */
export type WebhookDelivery = { kind: "run"; run: WorkflowRun } | { kind: "bulk_run"; bulkRun: BulkRun };

/** A client that re-reads what an unsigned delivery names (a `Workflows` client is one). */
export interface ConfirmClient {
  /** Reads a run back by id. */
  runs: {
    /** The run as the API has it now. */
    retrieve(id: string): Promise<WorkflowRun>;
  };
  /** Needed only to confirm bulk runs' deliveries (with `onBulkRun`). */
  bulkRuns?:
    | {
        /** The bulk run as the API has it now. */
        retrieve(id: string): Promise<BulkRun>;
      }
    | undefined;
}

/** How a handler reads its deliveries' bodies. */
export interface ReadDeliveryOptions {
  /** Re-read the run (or bulk run) the body names instead of trusting the body. */
  confirmWith?: ConfirmClient | undefined;
  /** Further checks of a run, e.g. against its workflow definition. */
  parseRun?: ((run: WorkflowRun) => WorkflowRun | Promise<WorkflowRun>) | undefined;
  /** Whether bulk runs' deliveries are wanted (the handler has `onBulkRun`); otherwise they are `invalid_body`. */
  acceptBulkRuns: boolean;
}

/**
 * Parses a verified webhook body into what it carries: a run, or a bulk run (told by its shape: a bulk
 * run has `input_csv_url` and `row_count`).
 * An `invalid_body` error names the field otherwise.
 */
export function parseWebhookDelivery(body: string): WebhookDelivery {
  const json = parseWebhookJson(body);
  return isBulkRunBody(json)
    ? { kind: "bulk_run", bulkRun: checkWebhookBulkRun(json) }
    : { kind: "run", run: checkWebhookRun(json) };
}

/** The id an unverified body names, for `confirmWith`; nothing else of that body is used. */
function idToConfirm(text: string): { id: string; json: unknown } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // handled below
  }
  const id = typeof json === "object" && json !== null ? (json as { id?: unknown }).id : undefined;
  if (typeof id !== "string" || id === "") {
    throw new WebhookVerificationError("invalid_body", "The webhook body has no run `id` to confirm");
  }
  return { id, json };
}

/** Re-reads what an unverified body names; an id the API does not know is a bad body, not an outage. */
async function confirm<T>(id: string, retrieve: () => Promise<T>): Promise<T> {
  try {
    return await retrieve();
  } catch (error) {
    if (!NotFoundError.isInstance(error)) throw error;
    throw new WebhookVerificationError(
      "invalid_body",
      `The webhook body names ${id}, which the API does not know: it is not a delivery for this API key`,
      { cause: error },
    );
  }
}

/** Checks at setup that `confirmWith` can re-read what the handler accepts. */
export function checkReadDeliveryOptions(options: ReadDeliveryOptions): void {
  const { confirmWith, acceptBulkRuns } = options;
  if (acceptBulkRuns && confirmWith && typeof confirmWith.bulkRuns?.retrieve !== "function") {
    throw new ValidationError("webhook handler options", [
      {
        path: "confirmWith.bulkRuns",
        message: "expected a client with bulkRuns.retrieve to confirm bulk runs",
      },
    ]);
  }
}

/**
 * Reads a delivery's body (verified, or unverified with `confirmWith`): tells a run from a bulk run, and
 * validates it, or re-reads what it names through `confirmWith`. Throws `WebhookVerificationError`
 * (`invalid_body`) for a body that is not what the handler accepts.
 */
export async function readDelivery(text: string, options: ReadDeliveryOptions): Promise<WebhookDelivery> {
  const { confirmWith, parseRun, acceptBulkRuns } = options;
  // With confirmWith only the id is read from the body; what it names is re-read through the API.
  const { id, json } = confirmWith ? idToConfirm(text) : { id: undefined, json: parseWebhookJson(text) };
  if (isBulkRunBody(json)) {
    if (!acceptBulkRuns) {
      throw new WebhookVerificationError(
        "invalid_body",
        "The webhook carries a bulk run and this handler has no onBulkRun: pass { onBulkRun } in its options",
      );
    }
    const bulkRuns = confirmWith?.bulkRuns;
    const bulkRun =
      bulkRuns && id ? await confirm(id, () => bulkRuns.retrieve(id)) : checkWebhookBulkRun(json);
    return { kind: "bulk_run", bulkRun };
  }
  const run =
    confirmWith && id ? await confirm(id, () => confirmWith.runs.retrieve(id)) : checkWebhookRun(json);
  return { kind: "run", run: parseRun ? await parseRun(run) : run };
}
