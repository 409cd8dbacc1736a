import { clockOf } from "../client/clock";
import { validateNumbers } from "../client/validate-numbers";
import { IdStoreError, idStoreTimedOut } from "../errors/id-store-error";
import { ConfigurationError } from "../errors/validation-errors";
import type { DeliveryTrace, Tracing } from "../tracing/operation";
import type { TraceContext } from "../tracing/tracer";
import type { WebhookIdStore } from "./id-store";

/** Options of `processWebhookOnce` (the handlers take the same ones). */
export interface ProcessOnceOptions {
  /**
   * How long a claim lives while `work` runs: a crashed instance's claim expires after it, and the sender's
   * retry runs then. Keep it above your slowest `work`, or a retry may run beside a slow attempt. @default 60
   */
  claimTtlSeconds?: number | undefined;
  /** How long a processed id is remembered. @default 3600 */
  dedupeTtlSeconds?: number | undefined;
  /**
   * Milliseconds each store call (`claim`, `complete`, `release`) may take. A claim that takes longer throws
   * `IdStoreError` (`reason: "timeout"`) (the handlers answer 503, so the sender retries), and `work` does not run. A store
   * client that queues commands while its server is away (ioredis does) would otherwise hold every delivery
   * until it reconnects. @default 5000
   */
  storeTimeoutMs?: number | undefined;
  /**
   * Put before each `webhook-id` (as `scope:id`) when several endpoints share one store, e.g. two tenants or
   * two apps on one Redis: without it, an id one endpoint handled is a duplicate to the other. Name the
   * endpoint, not its secret, so that rotating the secret keeps its dedupe. @default none: the id alone
   */
  dedupeScope?: string | undefined;
  /**
   * Told when `complete` (after `work` succeeded) or `release` (after it failed) could not reach the store;
   * the claim then expires after `claimTtlSeconds`. @default console.error
   */
  onStoreError?: ((error: unknown) => void) | undefined;
  /**
   * Traces each call as a span: `openTelemetryTracing(tracer)` from the `/tracing` entry point. The handlers
   * trace the whole delivery instead. @default none (no span, no cost)
   */
  tracing?: Tracing | undefined;
  /**
   * The span that created the run, for the call's span to link to: `webhookTraceContext(request.url,
   * request.headers)` from the `/tracing` entry point. Read only with `tracing`.
   */
  traceContext?: TraceContext | undefined;
}

/** What `processWebhookOnce` did: ran `work`, or skipped it because the id was processed or is in progress. */
export type ProcessOnceResult = "processed" | "duplicate" | "in-progress";

type ResolvedOptions = Required<
  Omit<ProcessOnceOptions, "dedupeScope" | "onStoreError" | "tracing" | "traceContext">
> &
  Pick<ProcessOnceOptions, "dedupeScope">;

/** Prints an error of a webhook delivery; the default `onError` and `onStoreError`. */
export const logWebhookError = (error: unknown): void => console.error("[leap] webhook failed:", error);

/** Reads and checks the TTLs, the store timeout and the scope once, at setup. */
export function resolveProcessOnceOptions(options: ProcessOnceOptions): ResolvedOptions {
  const { claimTtlSeconds = 60, dedupeTtlSeconds = 3600, storeTimeoutMs = 5000, dedupeScope } = options;
  const resolved = { claimTtlSeconds, dedupeTtlSeconds, storeTimeoutMs, dedupeScope };
  validateNumbers("webhook id options", resolved, {
    claimTtlSeconds: "lifetime",
    dedupeTtlSeconds: "lifetime",
    storeTimeoutMs: "interval",
  });
  if (options.tracing !== undefined && typeof options.tracing?.delivery !== "function") {
    throw new ConfigurationError("tracing: expected openTelemetryTracing(tracer)");
  }
  if (dedupeScope !== undefined && (typeof dedupeScope !== "string" || dedupeScope === "")) {
    throw new ConfigurationError(
      `webhook id options: dedupeScope: expected a non-empty string naming the endpoint, received ${JSON.stringify(dedupeScope)}`,
    );
  }
  return resolved;
}

/**
 * Claim, process, complete: runs `work` for a `webhook-id` only if this caller wins the claim, then marks
 * the id processed (`"processed"`). When `work` throws, the claim is released (so the sender's retry runs)
 * and the error is rethrown. Answer `"duplicate"` with 200 and `"in-progress"` with 409 (the sender retries).
 * Call it after verifying the delivery. A claim the store fails throws the store's error; one it does not
 * answer within `storeTimeoutMs` throws `IdStoreError` (`reason: "timeout"`) (answer 503: the sender retries).
 *
 * A claim that times out and is granted afterwards is released as soon as it is, so the sender's retry is
 * not held off for `claimTtlSeconds`; a `complete` or `release` that times out is told to `onStoreError`
 * and lands whenever the store answers (until then, the claim's TTL bounds it).
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
  const { tracing } = options;
  if (!tracing) return processOnce(store, webhookId, work, options);
  resolveProcessOnceOptions(options); // a tracing of the wrong shape is a ConfigurationError, not a TypeError
  return tracing.delivery("processWebhookOnce", { webhookId, context: options.traceContext }, (trace) =>
    processOnce(store, webhookId, work, options, trace),
  );
}

/** `processWebhookOnce`, reporting to `trace` when a handler or the caller traces the delivery. */
export async function processOnce(
  store: WebhookIdStore,
  webhookId: string,
  work: () => unknown,
  options: ProcessOnceOptions,
  trace?: DeliveryTrace,
): Promise<ProcessOnceResult> {
  const { claimTtlSeconds, dedupeTtlSeconds, storeTimeoutMs, dedupeScope } =
    resolveProcessOnceOptions(options);
  // An empty id would be one key for every delivery: all but the first dropped as duplicates.
  if (typeof webhookId !== "string" || webhookId === "") {
    throw new ConfigurationError(
      `processWebhookOnce needs the delivery's webhook-id header, received ${JSON.stringify(webhookId)}`,
    );
  }
  const report = options.onStoreError ?? logWebhookError;
  const id = dedupeScope === undefined ? webhookId : `${dedupeScope}:${webhookId}`;
  const token = crypto.randomUUID();
  const bound = <T>(operation: StoreOperation, pending: Promise<T>) =>
    withinTimeout(operation, pending, storeTimeoutMs, options);

  const claiming = attempt(() => store.claim(id, { token, ttlSeconds: claimTtlSeconds }));
  const claim = await bound("claim", claiming).catch((error: unknown) => {
    // Granted too late for this attempt: give it back, or the sender's retry would meet it as in progress.
    if (IdStoreError.isInstance(error) && error.reason === "timeout") {
      claiming.then((late) => (late === "claimed" ? store.release(id, { token }) : undefined)).catch(report);
    }
    throw error;
  });
  if (claim !== "claimed") {
    trace?.handled(claim);
    return claim;
  }
  try {
    await (trace ? trace.timed(work) : work)();
  } catch (error) {
    await bound(
      "release",
      attempt(() => store.release(id, { token })),
    ).catch(report);
    throw error;
  }
  // The work is done: failing now would make the sender deliver (and `work` run) it again.
  await bound(
    "complete",
    attempt(() => store.complete(id, { token, ttlSeconds: dedupeTtlSeconds })),
  ).catch(report);
  trace?.handled("processed");
  return "processed";
}

type StoreOperation = "claim" | "complete" | "release";

/** Calls a store method; a synchronous throw becomes a rejection. */
const attempt = async <T>(call: () => T | Promise<T>): Promise<T> => call();

/** `pending`, or `IdStoreError` (`reason: "timeout"`) after `timeoutMs` (on the clock tests inject) when it is still pending. */
function withinTimeout<T>(
  operation: StoreOperation,
  pending: Promise<T>,
  timeoutMs: number,
  options: object,
): Promise<T> {
  let stop = () => {};
  const timedOut = new Promise<never>((_, reject) => {
    stop = clockOf(options).startTimer(timeoutMs, () => reject(idStoreTimedOut(operation, timeoutMs)));
  });
  return Promise.race([pending, timedOut]).finally(() => stop());
}
