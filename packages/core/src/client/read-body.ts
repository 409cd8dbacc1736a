import { ResponseTooLargeError } from "../errors/response-errors";

/**
 * Reads a response body as UTF-8 text, stopping at `maxBytes`: past it the stream is cancelled (so the
 * rest is never downloaded) and a ResponseTooLargeError is thrown. A declared Content-Length over the limit
 * fails before any byte is read. (Bytes are counted as they arrive even when a Content-Length is declared:
 * fetch inflates a Content-Encoding past it, and on Node this loop is also faster than `response.text()`.)
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
  const decoder = new TextDecoder();
  let received = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      reader.cancel().catch(() => {});
      throw new ResponseTooLargeError(maxBytes);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}
