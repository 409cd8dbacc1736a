import { ResponseTooLargeError } from "../errors/response-errors";

/** One decoder for every response: each body is decoded whole, in one call, so none carries state over. */
let decoder: TextDecoder | undefined;

/**
 * Reads a response body as UTF-8 text, stopping at `maxBytes`: past it the stream is cancelled (so the
 * rest is never downloaded) and a ResponseTooLargeError is thrown. A declared Content-Length over the limit
 * fails before any byte is read. (Bytes are counted as they arrive even when a Content-Length is declared:
 * fetch inflates a Content-Encoding past it, and a Response built in JavaScript may declare any length.)
 */
export async function readTextCapped(response: Response, maxBytes: number): Promise<string> {
  const body = response.body;
  if (body === null) return "";
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    // Not awaited: a cancel may wait for the peer, and nothing more is wanted from it.
    body.cancel().catch(() => {});
    throw new ResponseTooLargeError(maxBytes);
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      reader.cancel().catch(() => {});
      throw new ResponseTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  // Joined, then decoded in one call: a character split between two chunks decodes whole.
  const bytes = new Uint8Array(received);
  received = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, received);
    received += chunk.byteLength;
  }
  decoder ??= new TextDecoder();
  return decoder.decode(bytes);
}
