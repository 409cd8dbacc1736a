// W3C Trace Context: `traceparent: 00-<32 hex trace id>-<16 hex parent span id>-<2 hex flags>`.
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;
const ALL_ZEROS = /^0+$/;

/** The trace id of a `traceparent` value, or null when there is none or it is malformed (never a guess). */
export function traceIdOf(traceparent: string | null | undefined): string | null {
  const match = TRACEPARENT.exec(traceparent?.trim().toLowerCase() ?? "");
  // All-zero ids are invalid by the specification.
  if (!match?.[1] || !match[2] || ALL_ZEROS.test(match[1]) || ALL_ZEROS.test(match[2])) return null;
  return match[1];
}

/** The trace id of a webhook URL's `traceparent` query parameter, or null. */
export function traceIdOfUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return traceIdOf(new URL(url).searchParams.get("traceparent"));
  } catch {
    return null;
  }
}
