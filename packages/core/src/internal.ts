/**
 * `@leap-workflows/core/internal`: the building blocks that `@leap-workflows/node`, `@leap-workflows/edge`
 * and `@leap-workflows/dev-server` share. Outside semver: any release may change or remove these names, so
 * import them only from those packages (which depend on one exact core version), never from an application.
 */
export type { HttpRequest, HttpResponse } from "./client/transport";
export { VERSION } from "./client/version";
export { validationErrorMap } from "./schemas/error-map";
export {
  bodyTimedOut,
  bodyTooLarge,
  type WebhookBodyLimits,
  webhookBodyLimits,
} from "./webhooks/body-limits";
export { createWebhookHandler } from "./webhooks/create-webhook-handler";
export type { WebhookAnswer, WebhookContext } from "./webhooks/handle-webhook";
export type { WebhookHeaders } from "./webhooks/headers";
export type { WebhookClaim } from "./webhooks/id-store";
export { parseWebhookDelivery } from "./webhooks/read-delivery";
export { parseWebhookSecret } from "./webhooks/secret";
export {
  createAsyncWebhookVerifier,
  createWebhookVerifier,
  type WebhookSecrets,
} from "./webhooks/verifier";
export { webCryptoHmac } from "./webhooks/web-crypto-hmac";
export type { WorkflowRunOf, WorkflowWebhookHandlers } from "./workflows/webhook-workflows";
