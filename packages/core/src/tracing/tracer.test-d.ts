import type { Tracer as OpenTelemetryTracer, Span } from "@opentelemetry/api";
import { expectTypeOf, test } from "vitest";
import type { Tracer, TraceSpan } from "./tracer";

test("a Tracer and Span from @opentelemetry/api fit the structural types, so no cast is needed", () => {
  expectTypeOf<OpenTelemetryTracer>().toExtend<Tracer>();
  expectTypeOf<Span>().toExtend<TraceSpan>();
});

test("an object missing startActiveSpan is no Tracer", () => {
  expectTypeOf<{ startSpan(name: string): Span }>().not.toExtend<Tracer>();
});
