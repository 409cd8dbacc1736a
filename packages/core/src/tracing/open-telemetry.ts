import type { Operation, Tracing } from "./operation";
import { formatTraceparent, withTraceparent } from "./traceparent";
import type { TraceAttributes, Tracer, TraceSpan } from "./tracer";

// OpenTelemetry's enum values (`SpanKind`, `SpanStatusCode`), written out: no @opentelemetry/api import.
const SPAN_KIND_CLIENT = 2;
const STATUS_ERROR = 2;

/** Options of `openTelemetryTracing`. */
export interface OpenTelemetryTracingOptions {
  /**
   * Adds the creating span's W3C `traceparent` to the query string of a run's (or bulk run's) `webhook_url`,
   * so that the webhook handler can link its span to the creation. The same value goes with every retry of one
   * call. A call given its own `idempotencyKey` keeps its URL as given: repeating that call later must send the
   * same body. @default false
   */
  propagateToWebhooks?: boolean | undefined;
}

// Errors whose message may quote what was validated (inputs, outputs, a response body): only their type is recorded.
const MESSAGE_WITHHELD = ["ValidationError", "OutputValidationError", "InvalidResponseError"];

/** `error.type`: the SDK error's class name (`RateLimitError`, `APITimeoutError`…), else the error's name. */
export function errorType(error: unknown): string {
  return (error as Error | undefined)?.name || "Error";
}

/**
 * Marks `span` as failed with `error`: status ERROR, `error.type`, and an exception event. The message is kept
 * only for this SDK's errors that cannot quote a run's data; anything else records its type alone.
 */
export function recordError(span: TraceSpan, error: unknown): void {
  const name = errorType(error);
  const own = typeof (error as { constructor?: { kind?: unknown } })?.constructor?.kind === "string";
  const message = own && !MESSAGE_WITHHELD.includes(name) ? (error as Error).message : name;
  span.setAttribute("error.type", name);
  span.recordException({ name, message });
  span.setStatus({ code: STATUS_ERROR, message });
}

/** What a run or bulk run returned by the API tells a span; never its inputs or output. */
function resultAttributes(prefix: string, result: unknown): TraceAttributes {
  const state = result as { id?: unknown; status?: unknown; workflow_id?: unknown } | null;
  return {
    [`${prefix}.id`]: typeof state?.id === "string" ? state.id : undefined,
    [`${prefix}.status`]: typeof state?.status === "string" ? state.status : undefined,
    "leap.workflow.id": typeof state?.workflow_id === "string" ? state.workflow_id : undefined,
  };
}

/** `attributes` without the ones that have no value (OpenTelemetry would drop them with a warning). */
export function defined(attributes: TraceAttributes): TraceAttributes {
  const kept: TraceAttributes = {};
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) kept[key] = value;
  return kept;
}

function setAttributes(span: TraceSpan, attributes: TraceAttributes): void {
  for (const [key, value] of Object.entries(defined(attributes))) span.setAttribute(key, value as string);
}

class ClientOperation implements Operation {
  readonly #span: TraceSpan;
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
    const given = options as { idempotencyKey?: unknown; headers?: Record<string, string> } | undefined;
    const ownKey =
      given?.idempotencyKey !== undefined ||
      Object.keys(given?.headers ?? {}).some((name) => name.toLowerCase() === "idempotency-key");
    if (!this.#propagate || typeof url !== "string" || ownKey) return body;
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

  finish(result: unknown): void {
    setAttributes(this.#span, resultAttributes(this.#prefix, result));
    if (this.#polls > 0) this.#span.setAttribute("leap.poll.count", this.#polls);
  }
}

/**
 * Tracing for `new Workflows({ tracing })` and the webhook handlers' `tracing` option, over an OpenTelemetry
 * `Tracer` (`trace.getTracer("my-app")` from `@opentelemetry/api`, or any object of the same shape).
 *
 * Each client call is one span (`leap.runs.create`, `leap.runs.wait`…) with retries and polls as events; a
 * webhook handler's span links to the span that created the run. Inputs, outputs and the API key never appear.
 *
 * ```ts
 * const tracing = openTelemetryTracing(trace.getTracer("my-app"), { propagateToWebhooks: true });
 * const leap = new Workflows({ tracing });
 * ```
 */
export function openTelemetryTracing(tracer: Tracer, options: OpenTelemetryTracingOptions = {}): Tracing {
  const propagate = options.propagateToWebhooks === true;
  return {
    operation(operationName, subject, body) {
      const name = `leap.${operationName}`;
      const prefix = operationName.startsWith("bulkRuns.") ? "leap.bulk_run" : "leap.run";
      // An id (retrieve, wait), the create parameters, or a workflow definition (typed run, runAndWait).
      const given = (typeof subject === "string" ? { id: subject } : subject) as {
        id?: unknown;
        workflow_id?: unknown;
      };
      const typed = operationName === "run" || operationName === "runAndWait";
      const workflowId = typed ? given.id : given.workflow_id;
      const attributes = defined({
        "leap.workflow.id": typeof workflowId === "string" ? workflowId : undefined,
        [`${prefix}.id`]: typeof subject === "string" ? subject : undefined,
      });
      return tracer.startActiveSpan(name, { kind: SPAN_KIND_CLIENT, attributes }, async (span) => {
        const operation = new ClientOperation(span, prefix, propagate);
        try {
          const result = await body(operation);
          operation.finish(result);
          return result;
        } catch (error) {
          recordError(span, error);
          throw error;
        } finally {
          span.end();
        }
      });
    },
  };
}
