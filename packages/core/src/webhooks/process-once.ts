import { validateNumbers } from "../client/validate-numbers";
import { ConfigurationError } from "../errors/validation-errors";
import type { WebhookIdStore } from "./id-store";

/** Options of `processWebhookOnce` (and of the handlers, which take the same two TTLs). */
export interface ProcessOnceOptions {
  /**
   * How long a claim lives while `work` runs: a crashed instance's claim expires after it, and the sender's
   * retry runs then. Keep it above your slowest `work`, or a retry may run beside a slow attempt. @default 60
   */
  claimTtlSeconds?: number | undefined;
  /** How long a processed id is remembered. @default 3600 */
  dedupeTtlSeconds?: number | undefined;
  /**
   * Told when `complete` (after `work` succeeded) or `release` (after it failed) could not reach the store;
   * the claim then expires after `claimTtlSeconds`. @default console.error
   */
  onStoreError?: ((error: unknown) => void) | undefined;
}

/** What `processWebhookOnce` did: ran `work`, or skipped it because the id was processed or is in progress. */
export type ProcessOnceResult = "processed" | "duplicate" | "in-progress";

/** Reads and checks the two TTLs once, at setup. */
export function resolveProcessOnceOptions(
  options: ProcessOnceOptions,
): Required<Pick<ProcessOnceOptions, "claimTtlSeconds" | "dedupeTtlSeconds">> {
  const { claimTtlSeconds = 60, dedupeTtlSeconds = 3600 } = options;
  const ttls = { claimTtlSeconds, dedupeTtlSeconds };
  validateNumbers("webhook id options", ttls, { claimTtlSeconds: "lifetime", dedupeTtlSeconds: "lifetime" });
  return ttls;
}

/**
 * Claim, process, complete: runs `work` for a `webhook-id` only if this caller wins the claim, then marks
 * the id processed (`"processed"`). When `work` throws, the claim is released (so the sender's retry runs)
 * and the error is rethrown. Answer `"duplicate"` with 200 and `"in-progress"` with 409 (the sender retries).
 * Call it after verifying the delivery; a store that cannot be reached for the claim throws.
 *
 * ```ts
 * const run = verifyWebhook(body, headers, secret);
 * const result = await processWebhookOnce(store, headers["webhook-id"], () => save(run));
 * ```
 */
export async function processWebhookOnce(
  store: WebhookIdStore,
  webhookId: string,
  work: () => unknown,
  options: ProcessOnceOptions = {},
): Promise<ProcessOnceResult> {
  const { claimTtlSeconds, dedupeTtlSeconds } = resolveProcessOnceOptions(options);
  // An empty id would be one key for every delivery: all but the first dropped as duplicates.
  if (typeof webhookId !== "string" || webhookId === "") {
    throw new ConfigurationError(
      `processWebhookOnce needs the delivery's webhook-id header, received ${JSON.stringify(webhookId)}`,
    );
  }
  const report =
    options.onStoreError ?? ((error: unknown) => console.error("[leap] webhook id store failed:", error));
  const token = crypto.randomUUID();
  const claim = await store.claim(webhookId, { token, ttlSeconds: claimTtlSeconds });
  if (claim !== "claimed") return claim;
  try {
    await work();
  } catch (error) {
    try {
      await store.release(webhookId, { token });
    } catch (releaseError) {
      report(releaseError);
    }
    throw error;
  }
  try {
    await store.complete(webhookId, { token, ttlSeconds: dedupeTtlSeconds });
  } catch (error) {
    // The work is done: failing now would make the sender deliver (and `work` run) it again.
    report(error);
  }
  return "processed";
}
