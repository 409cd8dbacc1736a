import type { TraceContext } from "./tracer";

// W3C Trace Context, version 00: `00-<32 hex trace id>-<16 hex span id>-<2 hex flags>`. An all-zero id is invalid.
const TRACEPARENT = /^00-(?!0{32})([0-9a-f]{32})-(?!0{16})([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The W3C `traceparent` value naming `context`. */
export function formatTraceparent(context: TraceContext): string {
  return `00-${context.traceId}-${context.spanId}-${(context.traceFlags & 0xff).toString(16).padStart(2, "0")}`;
}

/** The context a W3C `traceparent` value names (remote), or undefined when it is missing or malformed. */
export function parseTraceparent(value: string | null | undefined): TraceContext | undefined {
  const match = value ? TRACEPARENT.exec(value.trim()) : null;
  return match
    ? {
        traceId: match[1] as string,
        spanId: match[2] as string,
        traceFlags: Number.parseInt(match[3] as string, 16),
        isRemote: true,
      }
    : undefined;
}

/**
 * `url` with `traceparent=<value>` added to its query string, before any fragment. The rest of the URL is
 * kept byte for byte (no URL parser re-serialises it); a URL that already names a traceparent is kept as is.
 */
export function withTraceparent(url: string, traceparent: string): string {
  const hash = url.indexOf("#");
  const base = hash < 0 ? url : url.slice(0, hash);
  if (/[?&]traceparent=/.test(base)) return url;
  const separator = !base.includes("?") ? "?" : base.endsWith("?") || base.endsWith("&") ? "" : "&";
  return `${base}${separator}traceparent=${traceparent}${hash < 0 ? "" : url.slice(hash)}`;
}

/**
 * The trace context that a webhook request carries: its URL's `traceparent` query parameter (added when the
 * run was created with tracing) or else its `traceparent` header. Undefined when there is none, or it is malformed.
 * Pass it as a span link: `tracer.startSpan("handle", { links: [{ context }] })`.
 *
 * ```ts
 * const context = webhookTraceContext(request.url, request.headers);
 * ```
 */
export function webhookTraceContext(
  url: string | URL,
  headers?: { get(name: string): string | null } | undefined,
): TraceContext | undefined {
  let fromUrl: string | null = null;
  try {
    // A relative URL (node's `req.url`) needs a base; only its query string is read.
    fromUrl = new URL(url, "http://localhost").searchParams.get("traceparent");
  } catch {
    // not a URL: no context
  }
  return parseTraceparent(fromUrl) ?? parseTraceparent(headers?.get("traceparent"));
}
