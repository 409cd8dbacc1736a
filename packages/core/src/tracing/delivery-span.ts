import type { DeliveryTrace } from "./operation";
import { errorType, recordError, STATUS_ERROR, setAttributes, stateAttributes } from "./span-attributes";
import type { TraceSpan } from "./tracer";

/** The span of one webhook delivery (or one `processWebhookOnce`): verification, the id store's verdict, `onRun`. */
export class DeliverySpan implements DeliveryTrace {
  readonly #span: TraceSpan;
  readonly #now: () => number;
  #failed = false;

  constructor(span: TraceSpan, now: () => number) {
    this.#span = span;
    this.#now = now;
  }

  verified(delivery: { kind: string; run?: unknown; bulkRun?: unknown } | undefined, error?: unknown): void {
    const span = this.#span;
    if (delivery) {
      span.setAttribute("leap.webhook.verification", "verified");
      setAttributes(
        span,
        delivery.kind === "run"
          ? stateAttributes("leap.run", delivery.run)
          : stateAttributes("leap.bulk_run", delivery.bulkRun),
      );
      return;
    }
    span.setAttribute("leap.webhook.verification", "refused");
    const reason = (error as { reason?: unknown } | undefined)?.reason;
    span.setAttribute(
      "leap.webhook.verification.reason",
      typeof reason === "string" ? reason : errorType(error),
    );
  }

  handled(result: string): void {
    this.#span.setAttribute("leap.webhook.outcome", result === "in-progress" ? "in_progress" : result);
  }

  timed(work: () => unknown): () => Promise<void> {
    return async () => {
      const started = this.#now();
      try {
        await work();
      } catch (error) {
        this.#failed = true;
        this.#span.setAttribute("leap.webhook.outcome", "failed");
        recordError(this.#span, error);
        throw error;
      } finally {
        this.#span.setAttribute("leap.webhook.on_run.duration_ms", this.#now() - started);
      }
    };
  }

  /** The handler's answer: its status, and status ERROR for a 5xx (the sender retries) not already recorded. */
  answered(status: number): void {
    this.#span.setAttribute("http.response.status_code", status);
    if (status >= 500 && !this.#failed) {
      this.#span.setAttribute("error.type", String(status));
      this.#span.setStatus({ code: STATUS_ERROR, message: `answered ${status}` });
    }
  }
}
