/**
 * Request headers as any runtime hands them over: a `Headers`, a plain object, or Node's
 * `IncomingHttpHeaders` (whose values may be arrays).
 */
export type WebhookHeaders =
  | {
      /** The header's value, or null when it is absent (as `Headers.get`). */
      get(name: string): string | null;
    }
  | Record<string, string | readonly string[] | undefined>;

/** The header `name` (lower-case), read case-insensitively; repeated values are joined with ", ". */
export function readHeader(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === "function") {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const record = headers as Record<string, string | readonly string[] | undefined>;
  let value = record[name];
  if (value === undefined) {
    const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name);
    value = key === undefined ? undefined : record[key];
  }
  if (value === undefined) return undefined;
  return typeof value === "string" ? value : value.join(", ");
}
