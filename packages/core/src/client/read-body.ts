import { ResponseTooLargeError } from "../errors/response-errors";

/**
 * Reads a response body as UTF-8 text, stopping at `maxBytes`: past it the stream is cancelled (so the
 * rest is never downloaded) and a ResponseTooLargeError is thrown. A declared Content-Length over the limit
 * fails before any byte is read.
 */
export async function readTextCapped(
  body: ReadableStream<Uint8Array> | null,
  contentLength: string | null,
  maxBytes: number,
): Promise<string> {
  if (body === null) return "";
  const declared = Number(contentLength ?? Number.NaN);
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
