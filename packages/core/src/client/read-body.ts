import { ResponseTooLargeError } from "../errors/response-errors";

/** A Content-Length that is a plain count of bytes, or undefined when it is absent or malformed. */
export const declaredLength = (value: string | null): number | undefined =>
  value !== null && /^\d+$/.test(value) ? Number(value) : undefined;

/**
 * Reads a response body as UTF-8 text, stopping at `maxBytes`: past it the stream is cancelled (so the
 * rest is never downloaded) and a ResponseTooLargeError is thrown. A declared Content-Length over the limit
 * fails before any byte is read.
 */
export async function readTextCapped(response: Response, maxBytes: number): Promise<string> {
  const body = response.body;
  if (body === null) return "";
  const headers = response.headers;
  const declared = declaredLength(headers.get("content-length"));
  if (declared !== undefined && declared > maxBytes) {
    // Not awaited: a cancel may wait for the peer, and nothing more is wanted from it.
    body.cancel().catch(() => {});
    throw new ResponseTooLargeError(maxBytes);
  }
  // The common case, read whole (several times cheaper than the loop below): the length is known and within
  // the cap, and the body arrives as sent. A Content-Encoding would let fetch inflate a small declared length
  // into any size, and a cross-origin ("cors") answer may hide that header, so those take the counting loop.
  if (declared !== undefined && response.type !== "cors" && !headers.has("content-encoding")) {
    return response.text();
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
