import type { Operation } from "./operation";
import { defined, errorType, setAttributes, stateAttributes } from "./span-attributes";
import { formatTraceparent, withTraceparent } from "./traceparent";
import type { TraceSpan } from "./tracer";

/** The span of one client call: its retries and polls as events, what it returned as attributes. */
export class ClientOperation implements Operation {
  readonly #span: TraceSpan;
  /** `leap.run` or `leap.bulk_run`: where the run's id and status go. */
  readonly #prefix: string;
  readonly #propagate: boolean;
  #polls = 0;

  constructor(span: TraceSpan, prefix: string, propagate: boolean) {
    this.#span = span;
    this.#prefix = prefix;
    this.#propagate = propagate;
  }

  outgoing<B extends object>(body: B, options: object | undefined): B {
    const url = (body as { webhook_url?: unknown }).webhook_url;
    if (!this.#propagate || typeof url !== "string" || hasOwnIdempotencyKey(options)) return body;
    return { ...body, webhook_url: withTraceparent(url, formatTraceparent(this.#span.spanContext())) };
  }

  response(status: number): void {
    this.#span.setAttribute("http.response.status_code", status);
  }

  retry(resend: number, delayMs: number, error: unknown): void {
    const status = (error as { status?: unknown } | undefined)?.status;
    this.#span.addEvent(
      "leap.retry",
      defined({
        "http.request.resend_count": resend,
        "leap.retry.delay_ms": Math.round(delayMs),
        "error.type": errorType(error),
        "http.response.status_code": typeof status === "number" ? status : undefined,
      }),
    );
  }

  poll(state: { status: string } | undefined, error?: unknown): void {
    this.#polls++;
    this.#span.addEvent(
      "leap.poll",
      state ? { [`${this.#prefix}.status`]: state.status } : { "error.type": errorType(error) },
    );
  }

  /** Records what the call returned. */
  finish(result: unknown): void {
    setAttributes(this.#span, stateAttributes(this.#prefix, result));
    if (this.#polls > 0) this.#span.setAttribute("leap.poll.count", this.#polls);
  }
}

/**
 * A caller's own key may be sent again by a later call (after a crash, say) with another span: the webhook
 * URL then stays as given, so that both bodies are the same and the server replays the first run.
 */
function hasOwnIdempotencyKey(options: object | undefined): boolean {
  const given = options as { idempotencyKey?: unknown; headers?: Record<string, string> } | undefined;
  return (
    given?.idempotencyKey !== undefined ||
    Object.keys(given?.headers ?? {}).some((name) => name.toLowerCase() === "idempotency-key")
  );
}
