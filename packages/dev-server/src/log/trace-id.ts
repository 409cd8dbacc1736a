import { webhookTraceContext } from "@leap-workflows/core/tracing";

/**
 * The W3C trace id a request carries (its `traceparent` header, or a `traceparent` query parameter as a traced
 * client adds to webhook URLs), so that a log line can be found from a trace; undefined when there is none.
 */
export function traceIdOf(
  url: string,
  headers?: Record<string, string | string[] | undefined>,
): string | undefined {
  const header = headers?.traceparent;
  const value = typeof header === "string" ? header : undefined;
  return webhookTraceContext(url, { get: () => value ?? null })?.traceId;
}

/** The `traceparent` header value to pass on, when `value` is a valid one; anything else is dropped. */
export function validTraceparent(value: string | string[] | undefined): string | undefined {
  if (typeof value !== "string") return undefined;
  return webhookTraceContext("/", { get: () => value }) ? value.trim() : undefined;
}
