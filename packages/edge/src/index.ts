// Everything on @leap-workflows/core's root (its `Workflows` runs on fetch, as edge needs): one list for node
// and edge (tooling/package-checks/test/surface.test.ts proves them equal).
export * from "@leap-workflows/core";
export {
  type DurableObjectIdStoreOptions,
  type DurableObjectNamespaceLike,
  type DurableObjectStateLike,
  type DurableObjectStorageLike,
  durableObjectIdStore,
  WebhookIdStoreDurableObject,
} from "./cloudflare-id-store";
export {
  verifyWebhook,
  verifyWebhookDelivery,
  verifyWebhookSignature,
  type WebhookInput,
} from "./verify-webhook";
export { webhookHandler } from "./webhook-handler";
