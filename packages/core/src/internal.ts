/**
 * `@leap-workflows/core/internal`: the building blocks that `@leap-workflows/node`, `@leap-workflows/edge`
 * and `@leap-workflows/dev-server` share. Outside semver: any release may change or remove these names, so
 * import them only from those packages (which depend on one exact core version), never from an application.
 * @packageDocumentation
 */
export type { HttpRequest, HttpResponse } from "./client/transport";
export { VERSION } from "./client/version";
// The run's and the bulk run's fields, for code that stores them field by field (the dev server).
export { bulkRunFields, type FieldKind, workflowRunFields } from "./generated/fields";
// Named here so that declaration files can name them (the root's types are built from them).
export type { components } from "./generated/openapi";
export type { Check } from "./validation/checks";
export type { ValidationIssue } from "./validation/format-issues";
export { validateRequestBody } from "./validation/validate-request-body";
export { createFetchWebhookHandler, type FetchWebhookHandlerArguments } from "./webhooks/fetch-request";
export type { WebhookHeaders } from "./webhooks/headers";
export type { WebhookClaim } from "./webhooks/id-store";
export { parseWebhookDelivery } from "./webhooks/read-delivery";
export { parseWebhookSecret } from "./webhooks/secret";
// Test helpers: node's and edge's `/testing` entries re-export them.
export { createWebhookHeaders } from "./webhooks/sign";
export {
  createAsyncWebhookVerifier,
  createWebhookVerifier,
  type WebhookSecrets,
} from "./webhooks/verifier";
export {
  type RawWebhook,
  readVerifyArguments,
  type VerifyCall,
  type VerifyWebhookArguments,
} from "./webhooks/verify-arguments";
export { webCryptoHmac } from "./webhooks/web-crypto-hmac";
export {
  bodyAlreadyRead,
  bodyTimedOut,
  bodyTooLarge,
  createWebhookHandler,
  type VerifySignature,
  type WebhookAnswer,
  type WebhookBodyLimits,
  type WebhookReply,
  type WebhookRequest,
} from "./webhooks/webhook-handler";
export type { WebhookContext } from "./webhooks/webhook-handler-options";
export { validateWithSchema } from "./workflows/validate-with-schema";
export type { WorkflowWebhookHandlers } from "./workflows/webhook-workflows";
