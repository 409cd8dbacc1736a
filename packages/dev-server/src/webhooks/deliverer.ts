import { createWebhookHeaders } from "@leap-workflows/core";
import { newId } from "../ids";
import { type DevServerLogger, redactUrl } from "../log/log-event";
import type { PendingDelivery, Store } from "../store/store";

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
  // Aborts attempts in flight at shutdown, so closing never waits for a slow receiver.
  readonly #shutdown = new AbortController();
  #stopped = false;

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
    this.#shutdown.abort();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    await Promise.allSettled([...this.#inFlight]);
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
    const { store, secret, retryDelays, attemptTimeoutMs, logger } = this.#options;
    const attempt = delivery.attempts + 1;
    const startedAt = Date.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    // The deadline is a timer we own and always clear. Not AbortSignal.timeout()/any(): on Node 20 a
    // garbage collection can drop their timer, and the attempt then hangs forever (nodejs/node#57736).
    const controller = new AbortController();
    const timedOut = new Error(`timed out after ${attemptTimeoutMs} ms`);
    const deadline = setTimeout(() => controller.abort(timedOut), attemptTimeoutMs);
    const onShutdown = () => controller.abort(this.#shutdown.signal.reason);
    this.#shutdown.signal.addEventListener("abort", onShutdown, { once: true });
    try {
      const headers = await createWebhookHeaders({ secret, body: delivery.body, id: delivery.id });
      const response = await fetch(delivery.url, {
        method: "POST",
        body: delivery.body,
        headers: {
          "content-type": "application/json",
          "user-agent": "leap-workflows-dev-server",
          ...headers,
        },
        signal: controller.signal,
        redirect: "manual",
      });
      statusCode = response.status;
      await response.body?.cancel();
      if (statusCode < 200 || statusCode >= 300) error = `answered ${statusCode}`;
    } catch (caught) {
      if (this.#shutdown.signal.aborted) return;
      const cause = (caught as { cause?: { code?: string } }).cause;
      const message = caught instanceof Error ? caught.message : String(caught);
      error =
        controller.signal.reason === timedOut
          ? timedOut.message
          : // fetch names the URL in some messages: credentials and query stay out of the store and the log.
            (cause?.code ?? message.replaceAll(delivery.url, redactUrl(delivery.url)));
    } finally {
      clearTimeout(deadline);
      this.#shutdown.signal.removeEventListener("abort", onShutdown);
    }
    const delay = retryDelays[attempt - 1];
    const state = error === null ? "delivered" : delay === undefined ? "failed" : "pending";
    const dueAt = state === "pending" ? Date.now() + (delay ?? 0) * 1000 : 0;
    const durationMs = Date.now() - startedAt;
    store.recordAttempt(
      { id: delivery.id, attempt },
      { at: new Date(startedAt).toISOString(), statusCode, error, durationMs },
      { state, dueAt },
    );
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
    });
    if (state === "pending") this.#schedule({ ...delivery, attempts: attempt, next_attempt_at: dueAt });
  }
}
