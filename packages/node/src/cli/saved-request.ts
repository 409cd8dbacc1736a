import { UsageError } from "./io";

/** A webhook as saved to a file: its headers and its exact raw body. */
export interface SavedRequest {
  headers: Record<string, string>;
  body: Buffer;
}

const HEADER_END = /\r?\n\r?\n/;

/**
 * Reads a saved webhook in either format:
 * - JSON `{ "headers": { "webhook-id": …, … }, "body": "<the raw body, as a string>" }`
 *   (the body must be the exact text received, not a re-serialised object);
 * - a raw HTTP/1.1 request (`POST /path HTTP/1.1`, header lines, a blank line, the body), as
 *   `nc -l` or a proxy dump would save it. The body is everything after the blank line, byte for byte.
 */
export function parseSavedRequest(bytes: Buffer): SavedRequest {
  const text = bytes.toString("utf8");
  if (text.trimStart().startsWith("{")) {
    let saved: unknown;
    try {
      saved = JSON.parse(text);
    } catch (error) {
      throw new UsageError(
        `the saved webhook looks like JSON but does not parse: ${(error as Error).message}`,
      );
    }
    const { headers, body } = (saved ?? {}) as { headers?: unknown; body?: unknown };
    if (typeof headers !== "object" || headers === null || typeof body !== "string") {
      throw new UsageError(
        'a JSON saved webhook must be { "headers": { "webhook-id": "...", ... }, "body": "<raw body as a string>" }',
      );
    }
    const flat: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) flat[name.toLowerCase()] = String(value);
    return { headers: flat, body: Buffer.from(body, "utf8") };
  }
  const match = HEADER_END.exec(text);
  const firstLine = text.slice(0, text.search(/\r?\n/));
  if (!match || !/^[A-Z]+ \S+ HTTP\/\d/.test(firstLine)) {
    throw new UsageError(
      "the saved webhook must be a raw HTTP request (`POST /path HTTP/1.1`, headers, blank line, body) or JSON { headers, body }",
    );
  }
  const headers: Record<string, string> = {};
  for (const line of text.slice(0, match.index).split(/\r?\n/).slice(1)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  // Cut at the byte offset, not the string index, so a body's exact bytes survive any multi-byte header text.
  const headerBytes = Buffer.byteLength(text.slice(0, match.index + match[0].length), "utf8");
  return { headers, body: bytes.subarray(headerBytes) };
}
