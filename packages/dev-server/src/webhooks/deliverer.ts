import { createWebhookHeaders } from "@leap-workflows/core/internal";
import { newId } from "../ids";
import { type DevServerLogger, describeError, redactUrl } from "../log/log-event";
import { traceIdOf } from "../log/trace-id";
import type { PendingDelivery, Store } from "../store/store";
import { WebhookPoster } from "./post";

const SHUTDOWN = new Error("the dev server is shutting down");

/** Options of webhook delivery. */
export interface DelivererOptions {
  store: Store;
  secret: string;
  /** Seconds to wait after each failed attempt; one attempt more than there are delays. */
  retryDelays: number[];
  /** Milliseconds one attempt may take (connecting, sending, and the receiver's answer). */
  attemptTimeoutMs: number;
  logger: DevServerLogger;
}

/**
 * Delivers signed webhooks at least once. Every attempt of one delivery carries the same
 * `webhook-id`; pending deliveries live in the store, so a restart resumes them.
 */
export class Deliverer {
  readonly #options: DelivererOptions;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #inFlight = new Set<Promise<void>>();
  // The attempts in flight, aborted at shutdown so closing never waits for a slow receiver.
  readonly #controllers = new Set<AbortController>();
  readonly #poster = new WebhookPoster();
  // Attempts made but not yet stored: one transaction per turn of the event loop records them all.
  readonly #attempts: Parameters<Store["recordAttempts"]>[0] = [];
  #recordScheduled = false;
  #stopped = false;
  // The `traceparent` a run's create carried, sent as a header with its webhook. In memory only: after a restart
  // the delivery goes without it (a traced client also puts it in the webhook URL, which is stored).
  readonly #traceparents = new Map<string, string>();

  constructor(options: DelivererOptions) {
    this.#options = options;
  }

  /** Records a delivery of `body` to `url` for `subjectId` (a run or bulk run id) and makes its first attempt. */
  enqueue(subjectId: string, url: string, body: string): void {
    const delivery: PendingDelivery = {
      id: newId("msg"),
      subject_id: subjectId,
      url,
      body,
      attempts: 0,
      next_attempt_at: Date.now(),
    };
    this.#options.store.insertDelivery({
      id: delivery.id,
      subjectId,
      url,
      body,
      dueAt: delivery.next_attempt_at,
    });
    this.#schedule(delivery);
  }

  /** Sends `traceparent` as a header with the webhooks of `subjectId` (a run created with that header). */
  traceWith(subjectId: string, traceparent: string): void {
    this.#traceparents.set(subjectId, traceparent);
  }

  /** Schedules every pending delivery found in the store (after a restart). */
  resume(): void {
    for (const delivery of this.#options.store.pendingDeliveries()) this.#schedule(delivery);
  }

  /**
   * Stops scheduling and aborts attempts in flight; an aborted attempt is not recorded, so its delivery
   * stays pending in the store and is made again (same `webhook-id`) on the next start.
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const controller of this.#controllers) controller.abort(SHUTDOWN);
    this.#poster.close();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    await Promise.allSettled([...this.#inFlight]);
    this.#record();
  }

  /** Stores the attempts made so far (before a read of `/deliveries`, so it lists every attempt made). */
  flush(): void {
    this.#record();
  }

  // Not yet recorded when the process dies: the delivery is still pending in the store and is attempted
  // again on the next start, with the same webhook-id (at least once).
  #record(): void {
    this.#recordScheduled = false;
    if (this.#attempts.length === 0) return;
    const batch = this.#attempts.splice(0);
    try {
      this.#options.store.recordAttempts(batch);
    } catch (error) {
      this.#options.logger({
        kind: "error",
        message: `${batch.length} webhook attempts could not be stored: ${describeError(error)}`,
      });
    }
  }

  #traceIdOf(url: string, traceparent: string | undefined): { traceId?: string } {
    const traceId = traceIdOf(url, { traceparent });
    return traceId ? { traceId } : {};
  }

  #schedule(delivery: PendingDelivery): void {
    if (this.#stopped) return;
    const timer = setTimeout(
      () => {
        this.#timers.delete(timer);
        const attempt = this.#attempt(delivery).finally(() => this.#inFlight.delete(attempt));
        this.#inFlight.add(attempt);
      },
      Math.max(0, delivery.next_attempt_at - Date.now()),
    );
    this.#timers.add(timer);
  }

  async #attempt(delivery: PendingDelivery): Promise<void> {
    const { secret, retryDelays, attemptTimeoutMs, logger } = this.#options;
    const attempt = delivery.attempts + 1;
    const startedAt = Date.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    // The deadline is a timer we own and always clear. Not AbortSignal.timeout()/any(): on Node 20 a
    // garbage collection can drop their timer, and the attempt then hangs forever (nodejs/node#57736).
    const controller = new AbortController();
    const timedOut = new Error(`timed out after ${attemptTimeoutMs} ms`);
    const deadline = setTimeout(() => controller.abort(timedOut), attemptTimeoutMs);
    this.#controllers.add(controller);
    const traceparent = this.#traceparents.get(delivery.subject_id);
    try {
      const headers = await createWebhookHeaders({ secret, body: delivery.body, id: delivery.id });
      statusCode = await this.#poster.post(
        delivery.url,
        delivery.body,
        {
          "content-type": "application/json",
          "user-agent": "leap-workflows-dev-server",
          ...headers,
          ...(traceparent ? { traceparent } : {}),
        },
        controller.signal,
      );
      if (statusCode < 200 || statusCode >= 300) error = `answered ${statusCode}`;
    } catch (caught) {
      if (controller.signal.reason === SHUTDOWN) return;
      const code = (caught as { code?: unknown }).code;
      const message = caught instanceof Error ? caught.message : String(caught);
      error =
        controller.signal.reason === timedOut
          ? timedOut.message
          : typeof code === "string" && /^E[A-Z_]+$/.test(code)
            ? code
            : // Some messages name the URL: credentials and query stay out of the store and the log.
              message.replaceAll(delivery.url, redactUrl(delivery.url));
    } finally {
      clearTimeout(deadline);
      this.#controllers.delete(controller);
    }
    const delay = retryDelays[attempt - 1];
    const state = error === null ? "delivered" : delay === undefined ? "failed" : "pending";
    const dueAt = state === "pending" ? Date.now() + (delay ?? 0) * 1000 : 0;
    const durationMs = Date.now() - startedAt;
    if (state !== "pending") this.#traceparents.delete(delivery.subject_id);
    this.#attempts.push({
      delivery: { id: delivery.id, attempt },
      result: { at: new Date(startedAt).toISOString(), statusCode, error, durationMs },
      next: { state, dueAt },
    });
    if (!this.#recordScheduled) {
      this.#recordScheduled = true;
      setImmediate(() => this.#record());
    }
    logger({
      kind: "delivery",
      subjectId: delivery.subject_id,
      webhookId: delivery.id,
      url: redactUrl(delivery.url),
      attempt,
      statusCode,
      error,
      durationMs,
      outcome: state === "pending" ? "retrying" : state,
      nextAttemptAt: state === "pending" ? new Date(dueAt).toISOString() : null,
      ...this.#traceIdOf(delivery.url, traceparent),
    });
    if (state === "pending") this.#schedule({ ...delivery, attempts: attempt, next_attempt_at: dueAt });
  }
}
