export { BulkRuns } from "./client/bulk-runs";
export type { Logger } from "./client/logger";
export { DEFAULT_WAIT_TIMEOUT_MS, type WaitOptions } from "./client/poll";
export type { RequestOptions } from "./client/request-options";
export { Runs } from "./client/runs";
export {
  type FetchLike,
  fetchTransport,
  type HttpRequest,
  type HttpResponse,
  type Transport,
} from "./client/transport";
export { VERSION } from "./client/version";
export { DEFAULT_BASE_URL, Workflows, type WorkflowsOptions } from "./client/workflows";
export {
  APIError,
  type APIErrorDetails,
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
export { LeapError } from "./errors/leap-error";
export { OutputValidationError } from "./errors/output-validation-error";
export { RedirectError, ResponseTooLargeError } from "./errors/response-errors";
export { ConfigurationError, InvalidResponseError, ValidationError } from "./errors/validation-errors";
export { WaitTimeoutError } from "./errors/wait-timeout-error";
export {
  WebhookVerificationError,
  type WebhookVerificationReason,
} from "./errors/webhook-verification-error";
export type { components, paths, webhooks } from "./generated/openapi";
export {
  type BulkRun,
  bulkRunSchema,
  type CreateBulkRunParams,
  createBulkRunParamsSchema,
} from "./schemas/bulk-run";
export { isBulkRunId } from "./schemas/bulk-run-id";
export { validationErrorMap } from "./schemas/error-map";
export { type ErrorResponse, errorResponseSchema } from "./schemas/error-response";
export type { ValidationIssue } from "./schemas/format-issues";
export {
  isFinal,
  isInProgress,
  KNOWN_RUN_STATUSES,
  type KnownRunStatus,
  type RunStatus,
} from "./schemas/run-status";
export {
  type CreateRunParams,
  createRunParamsSchema,
  type WorkflowRun,
  workflowRunSchema,
} from "./schemas/workflow-run";
export { decodeBase64, encodeBase64 } from "./webhooks/base64";
export {
  bodyTimedOut,
  bodyTooLarge,
  type WebhookBodyLimits,
  webhookBodyLimits,
} from "./webhooks/body-limits";
export { createWebhookHandler } from "./webhooks/create-webhook-handler";
export type {
  OnBulkRun,
  OnRun,
  WebhookAnswer,
  WebhookContext,
  WebhookHandlerOptions,
} from "./webhooks/handle-webhook";
export { readHeader, type WebhookHeaders } from "./webhooks/headers";
export {
  createMemoryIdStore,
  type MemoryIdStoreOptions,
  type WebhookClaim,
  type WebhookIdStore,
  type WebhookIdStoreEntry,
} from "./webhooks/id-store";
export { bodyText, parseWebhookRun } from "./webhooks/parse-run";
export {
  type ProcessOnceOptions,
  type ProcessOnceResult,
  processWebhookOnce,
} from "./webhooks/process-once";
export {
  type ConfirmClient,
  parseWebhookDelivery,
  type WebhookDelivery,
} from "./webhooks/read-delivery";
export { generateWebhookSecret, parseWebhookSecret, parseWebhookSecrets } from "./webhooks/secret";
export {
  createWebhookHeaders,
  type SignWebhookParams,
  signWebhook,
  type WebhookRequestHeaders,
} from "./webhooks/sign";
export type { SignedMessage, VerifyWebhookOptions } from "./webhooks/signed-message";
export {
  type AsyncHmacSha256,
  type AsyncWebhookVerifier,
  createAsyncWebhookVerifier,
  createWebhookVerifier,
  type HmacSha256,
  type WebhookSecrets,
  type WebhookVerifier,
} from "./webhooks/verifier";
export { webCryptoHmac } from "./webhooks/web-crypto-hmac";
export {
  type AnyWorkflow,
  type DefineWorkflowOptions,
  defineWorkflow,
  isWorkflowDefinition,
  type TypedWorkflowRun,
  type WorkflowDefinition,
  type WorkflowInputs,
  type WorkflowOutput,
} from "./workflows/define-workflow";
export {
  type ImplementedWorkflow,
  implementWorkflow,
  type WorkflowImplementationContext,
} from "./workflows/implement-workflow";
export type { RunWorkflowAndWaitOptions, RunWorkflowOptions } from "./workflows/run-workflow";
export type { StandardSchemaV1 } from "./workflows/standard-schema";
export {
  createWorkflowRunParser,
  type WorkflowRunOf,
  type WorkflowWebhookHandlers,
} from "./workflows/webhook-workflows";
