import { WebhookVerificationError } from "../errors/webhook-verification-error";
import { validationErrorMap } from "../schemas/error-map";
import { describeIssues, formatIssues } from "../schemas/format-issues";
import { type WorkflowRun, workflowRunSchema } from "../schemas/workflow-run";

const decoder = new TextDecoder();

/** The verified raw body as text. */
export function bodyText(body: string | Uint8Array): string {
  return typeof body === "string" ? body : decoder.decode(body);
}

/** Parses a verified webhook body into a typed run; an `invalid_body` error names the field otherwise. */
export function parseWebhookRun(body: string): WorkflowRun {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new WebhookVerificationError("invalid_body", "The webhook body is not JSON");
  }
  const result = workflowRunSchema.safeParse(json, { error: validationErrorMap });
  if (!result.success) {
    throw new WebhookVerificationError(
      "invalid_body",
      `The webhook body is not a Workflow Run: ${describeIssues(formatIssues(result.error.issues))}`,
    );
  }
  return result.data;
}
