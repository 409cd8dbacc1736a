// `@leap-workflows/edge/tracing`: core's OpenTelemetry tracing, so an application imports it from the package
// it installed. Loaded only when imported.
export {
  type OpenTelemetryTracingOptions,
  openTelemetryTracing,
  type TraceAttributes,
  type TraceAttributeValue,
  type TraceContext,
  type Tracer,
  type TraceSpan,
  type TraceSpanOptions,
  type Tracing,
  webhookTraceContext,
} from "@leap-workflows/core/tracing";
