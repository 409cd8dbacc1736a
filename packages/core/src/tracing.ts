/**
 * `@leap-workflows/core/tracing`: OpenTelemetry tracing for the client and the webhook handlers, opt-in. Nothing
 * here is loaded unless imported, and no OpenTelemetry package is imported at all: pass your own `Tracer`.
 * @packageDocumentation
 */
export {
  type OpenTelemetryTracingOptions,
  openTelemetryTracing,
} from "./tracing/open-telemetry";
export type { Tracing } from "./tracing/operation";
export { webhookTraceContext } from "./tracing/traceparent";
export type {
  TraceAttributes,
  TraceAttributeValue,
  TraceContext,
  Tracer,
  TraceSpan,
  TraceSpanOptions,
} from "./tracing/tracer";
