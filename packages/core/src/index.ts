// The public surface: what a user calls and the types they name (listed, with what each is for, in the
// README). Building blocks that only node, edge and the dev server need live in ./internal.ts.
export type { Logger } from "./client/logger";
export type { WaitOptions } from "./client/poll";
export type { RequestOptions } from "./client/request-options";
export type { FetchLike, Transport } from "./client/transport";
export { Workflows, type WorkflowsOptions } from "./client/workflows";
export {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "./errors/api-error";
export { APIConnectionError, APITimeoutError, APIUserAbortError } from "./errors/connection-errors";
export { IdStoreError } from "./errors/id-store-error";
export { LeapError } from "./errors/leap-error";
export { OutputValidationError } from "./errors/output-validation-error";
export { RedirectError, ResponseTooLargeError } from "./errors/response-errors";
export { ConfigurationError, InvalidResponseError, ValidationError } from "./errors/validation-errors";
export { WaitTimeoutError } from "./errors/wait-timeout-error";
export { WebhookVerificationError } from "./errors/webhook-verification-error";
export {
  bulkRunSchema,
  createBulkRunParamsSchema,
  createRunParamsSchema,
  errorResponseSchema,
  workflowRunSchema,
} from "./generated/zod";
export type { BulkRun, CreateBulkRunParams } from "./schemas/bulk-run";
export type { ErrorResponse } from "./schemas/error-response";
export { isFinal, type RunStatus } from "./schemas/run-status";
export type { CreateRunParams, WorkflowRun } from "./schemas/workflow-run";
export { validationErrorMap } from "./validation/error-map";
export { createMemoryIdStore, type WebhookIdStore } from "./webhooks/id-store";
export { processWebhookOnce } from "./webhooks/process-once";
export type { ConfirmClient, WebhookDelivery } from "./webhooks/read-delivery";
export { generateWebhookSecret } from "./webhooks/secret";
export type { VerifyWebhookOptions } from "./webhooks/signed-message";
export type { OnBulkRun, OnRun, WebhookHandlerOptions } from "./webhooks/webhook-handler-options";
export {
  type AnyWorkflow,
  defineWorkflow,
  type TypedWorkflowRun,
  type WorkflowDefinition,
  type WorkflowInputs,
  type WorkflowOutput,
} from "./workflows/define-workflow";
export type { StandardSchemaV1 } from "./workflows/standard-schema";
