import { WebhookVerificationError } from "../errors/webhook-verification-error";
import { checkWorkflowRun } from "../generated/validators";
import { type Check, validate } from "../schemas/checks";
import { invalidMessage } from "../schemas/format-issues";
import type { WorkflowRun } from "../schemas/workflow-run";

const decoder = new TextDecoder();

/** The verified raw body as text. */
export function bodyText(body: string | Uint8Array): string {
  return typeof body === "string" ? body : decoder.decode(body);
}

/** Parses a verified webhook body as JSON; `invalid_body` when it is not. */
export function parseWebhookJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new WebhookVerificationError("invalid_body", "Invalid webhook body: expected JSON");
  }
}

/** Parses a verified webhook body into a typed run; an `invalid_body` error names the field otherwise. */
export function parseWebhookRun(body: string): WorkflowRun {
  return toWebhookRun(parseWebhookJson(body));
}

/** Checks a webhook body's JSON with `check`; an `invalid_body` error says it is not `what`, naming the field. */
export function parseWebhookBody<T>(check: Check<T>, json: unknown, what: string): T {
  const result = validate(check, json);
  if (result.ok) return result.value;
  throw new WebhookVerificationError(
    "invalid_body",
    invalidMessage(`webhook body, not ${what}`, result.issues),
  );
}

/** Checks a webhook body's JSON is a Workflow Run; an `invalid_body` error names the field otherwise. */
export const toWebhookRun = (json: unknown): WorkflowRun =>
  parseWebhookBody(checkWorkflowRun, json, "a Workflow Run");
