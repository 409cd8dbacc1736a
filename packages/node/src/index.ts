// Everything on @leap-workflows/core's root, with node's own `Workflows` (on undici) in place of core's: one
// list for node and edge (tooling/package-checks/test/surface.test.ts proves them equal).
export * from "@leap-workflows/core";
export {
  type IORedisClientLike,
  type NodeRedisClientLike,
  type RedisIdStoreOptions,
  redisIdStore,
} from "./redis-id-store";
export { type UndiciTransportOptions, undiciTransport } from "./undici-transport";
export {
  verifyWebhook,
  verifyWebhookDelivery,
  verifyWebhookSignature,
  type WebhookInput,
} from "./verify-webhook";
export { webhookFetchHandler } from "./webhook-fetch-handler";
export { webhookHandler } from "./webhook-handler";
export { Workflows, type WorkflowsOptions } from "./workflows";
