import { readHeader } from "../webhooks/headers";
import { ClientOperation } from "./client-operation";
import { DeliverySpan } from "./delivery-span";
import type { Tracing } from "./operation";
import { defined, inSpan } from "./span-attributes";
import { webhookTraceContext } from "./traceparent";
import type { Tracer } from "./tracer";

// OpenTelemetry's `SpanKind` values, written out: no @opentelemetry/api import.
const SPAN_KIND_CLIENT = 2;
const SPAN_KIND_CONSUMER = 4;

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

const TYPED_OPERATIONS = ["run", "runAndWait"];

/**
 * Tracing for `new Workflows({ tracing })`, the webhook handlers' and `processWebhookOnce`'s `tracing` option,
 * over an OpenTelemetry `Tracer` (`trace.getTracer("my-app")` from `@opentelemetry/api`, or any object of the
 * same shape). Nothing of OpenTelemetry is imported: without this, the SDK carries none of this code.
 *
 * Each client call is one span (`leap.runs.create`, `leap.runs.wait`…) with its retries and polls as events; a
 * webhook delivery's span (`leap.webhook`) links to the span that created the run. Inputs, outputs and the API
 * key never appear in a span.
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
      const prefix = operationName.startsWith("bulkRuns.") ? "leap.bulk_run" : "leap.run";
      // An id (retrieve, wait), the create parameters, or a workflow definition (a typed run or runAndWait).
      const given = (subject ?? {}) as { id?: unknown; workflow_id?: unknown };
      const workflowId = TYPED_OPERATIONS.includes(operationName) ? given.id : given.workflow_id;
      const attributes = defined({
        "leap.workflow.id": typeof workflowId === "string" ? workflowId : undefined,
        [`${prefix}.id`]: typeof subject === "string" ? subject : undefined,
      });
      return tracer.startActiveSpan(
        `leap.${operationName}`,
        { kind: SPAN_KIND_CLIENT, attributes },
        async (span) => {
          const operation = new ClientOperation(span, prefix, propagate);
          return inSpan(span, async () => {
            const result = await body(operation);
            operation.finish(result);
            return result;
          });
        },
      );
    },

    delivery(name, source, body) {
      const context =
        source.context ??
        (source.url !== undefined || source.headers
          ? webhookTraceContext(source.url ?? "/", source.headers && headerReader(source.headers))
          : undefined);
      const webhookId =
        source.webhookId ??
        (source.headers &&
          (readHeader(source.headers, "webhook-id") ?? readHeader(source.headers, "svix-id")));
      const spanOptions = {
        kind: SPAN_KIND_CONSUMER,
        attributes: defined({ "messaging.operation.type": "process", "messaging.message.id": webhookId }),
        links: context ? [{ context }] : [],
      };
      return tracer.startActiveSpan(`leap.${name}`, spanOptions, async (span) => {
        const trace = new DeliverySpan(span, () => performance.now());
        return inSpan(span, async () => {
          const result = await body(trace);
          const status = (result as { status?: unknown } | null)?.status;
          if (typeof status === "number") trace.answered(status);
          return result;
        });
      });
    },
  };
}

/** `headers` as `webhookTraceContext` reads them (a `Headers`, or Node's plain object). */
const headerReader = (headers: Parameters<typeof readHeader>[0]) => ({
  get: (name: string) => readHeader(headers, name) ?? null,
});
