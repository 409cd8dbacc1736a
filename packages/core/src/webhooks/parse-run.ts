import { WebhookVerificationError } from "../errors/webhook-verification-error";
import { validationErrorMap } from "../schemas/error-map";
import { describeIssues, formatIssues } from "../schemas/format-issues";
import { type WorkflowRun, workflowRunSchema } from "../schemas/workflow-run";
import { compileJsonShapeCheck } from "./json-shape-check";

const decoder = new TextDecoder();
const fastCheck = compileJsonShapeCheck(workflowRunSchema);

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
  const checked = fastCheck?.(json);
  if (checked !== undefined) return checked;
  // Without params zod takes its compiled fast path (about 2.5x faster); the error map is only needed to
  // word the message, so it is applied on the rare failure.
  const result = workflowRunSchema.safeParse(json);
  if (result.success) return result.data;
  const { error } = workflowRunSchema.safeParse(json, { error: validationErrorMap });
  throw new WebhookVerificationError(
    "invalid_body",
    `The webhook body is not a Workflow Run: ${describeIssues(formatIssues(error?.issues ?? result.error.issues))}`,
  );
}
