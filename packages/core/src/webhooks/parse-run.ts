import { WebhookVerificationError } from "../errors/webhook-verification-error";
import { describeIssues } from "../schemas/format-issues";
import { parseWithSchema } from "../schemas/parse-with-schema";
import { type WorkflowRun, workflowRunSchema } from "../schemas/workflow-run";

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
    throw new WebhookVerificationError("invalid_body", "The webhook body is not JSON");
  }
}

/** Parses a verified webhook body into a typed run; an `invalid_body` error names the field otherwise. */
export function parseWebhookRun(body: string): WorkflowRun {
  return toWebhookRun(parseWebhookJson(body));
}

/** Checks a webhook body's JSON is a Workflow Run; an `invalid_body` error names the field otherwise. */
export function toWebhookRun(json: unknown): WorkflowRun {
  const result = parseWithSchema(workflowRunSchema, json);
  if (result.ok) return result.value;
  throw new WebhookVerificationError(
    "invalid_body",
    `The webhook body is not a Workflow Run: ${describeIssues(result.issues)}`,
  );
}
