// The few OpenTelemetry API shapes the SDK calls, declared structurally: a Tracer from any
// `@opentelemetry/api` 1.x fits them, and no OpenTelemetry package is loaded unless the application loads it.

/** An attribute value, as OpenTelemetry takes it. */
export type TraceAttributeValue = string | number | boolean;

/** A span's attributes. */
export type TraceAttributes = Record<string, TraceAttributeValue | undefined>;

/** Which trace and span a span context names (`@opentelemetry/api`'s `SpanContext`). */
export interface TraceContext {
  /** 32 lowercase hex digits. */
  traceId: string;
  /** 16 lowercase hex digits. */
  spanId: string;
  /** Bit 0 set: the trace is sampled. */
  traceFlags: number;
  /** True when the context came from another process (read from a `traceparent`). */
  isRemote?: boolean | undefined;
}

/** The part of `@opentelemetry/api`'s `Span` the SDK uses. */
export interface TraceSpan {
  /** The span's trace and span ids, sent on as the `traceparent`. */
  spanContext(): TraceContext;
  /** Sets one attribute. */
  setAttribute(key: string, value: TraceAttributeValue): unknown;
  /** Records an event (a retry, a poll). */
  addEvent(name: string, attributes?: TraceAttributes): unknown;
  /** Sets the status: `code` 2 is ERROR. */
  setStatus(status: { code: number; message?: string }): unknown;
  /** Records an `exception` event. */
  recordException(exception: { name: string; message: string }): void;
  /** Ends the span. */
  end(): void;
}

/** The part of `@opentelemetry/api`'s `SpanOptions` the SDK sets. */
export interface TraceSpanOptions {
  kind?: number;
  attributes?: TraceAttributes;
  links?: { context: TraceContext; attributes?: TraceAttributes }[];
}

/**
 * An OpenTelemetry `Tracer` (`trace.getTracer("my-app")` from `@opentelemetry/api`). Only its
 * `startActiveSpan(name, options, fn)` is called: the span is active while the SDK works, so the spans of
 * HTTP instrumentation (undici, fetch) nest under it.
 */
export interface Tracer {
  /**
   * Starts a span, makes it active while `fn` runs, and returns what `fn` returns.
   * @typeParam F - the function run with the span
   */
  startActiveSpan<F extends (span: TraceSpan) => unknown>(
    name: string,
    options: TraceSpanOptions,
    fn: F,
  ): ReturnType<F>;
}
