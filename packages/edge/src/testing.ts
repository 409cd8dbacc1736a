/**
 * `@leap-workflows/edge/testing`: helpers for your tests, kept off the production entry.
 *
 * ```ts
 * import { createWebhookHeaders } from "@leap-workflows/edge/testing";
 * const headers = await createWebhookHeaders({ secret, body }); // sign a test delivery as Leap does
 * ```
 * @packageDocumentation
 */
export { createWebhookHeaders } from "@leap-workflows/core/internal";
