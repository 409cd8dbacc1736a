import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import type { Readable } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { addressRefusal, type CsvAddressPolicy, checkedLookup } from "./csv-addresses";
import type { CsvChunks } from "./csv-chunks";

/** How an http(s) CSV is fetched. */
export interface CsvFetchOptions {
  /** The largest CSV read, in bytes; reading stops there. */
  maxBytes: number;
  policy: CsvAddressPolicy;
  /** Told the CSV's size once known: the size the server declares before the body, the size read after. */
  onSize?: ((bytes: number) => void) | undefined;
}

const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export const tooLarge = (maxBytes: number): Error => new Error(`the CSV is larger than ${maxBytes} bytes`);

/**
 * GETs an http(s) CSV, following up to 5 redirects, each hop checked against `policy` on the address its
 * socket connects to; stops at `maxBytes`.
 */
export async function fetchCsv(url: URL, options: CsvFetchOptions, signal: AbortSignal): Promise<CsvChunks> {
  try {
    let current = url;
    for (let hop = 0; ; hop++) {
      const response = await get(current, options.policy, signal, hop > 0);
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (REDIRECTS.has(status) && location) {
        response.destroy();
        if (hop === MAX_REDIRECTS)
          throw new Error(`fetching the CSV redirected more than ${MAX_REDIRECTS} times`);
        current = new URL(location, current);
        if (current.protocol !== "http:" && current.protocol !== "https:") {
          throw new Error(
            `fetching the CSV redirected to a ${current.protocol} URL; only http(s) is followed`,
          );
        }
        continue;
      }
      if (status < 200 || status > 299) {
        response.destroy();
        throw new Error(`fetching the CSV answered ${status}`);
      }
      return await readBody(response, options);
    }
  } catch (error) {
    // The deadline or the server stopping, rather than the socket's "aborted".
    if (signal.aborted) throw signal.reason;
    throw error;
  }
}

function get(
  url: URL,
  policy: CsvAddressPolicy,
  signal: AbortSignal,
  redirected: boolean,
): Promise<IncomingMessage> {
  const hostname = url.hostname;
  const literal = hostname.startsWith("[") ? hostname.slice(1, -1) : hostname;
  const refused = (message: string) => new Error(redirected ? `after a redirect, ${message}` : message);
  // A socket looks up names only: an address written in the URL is checked here.
  if (isIP(literal)) {
    const refusal = addressRefusal(hostname, literal, policy);
    if (refusal) return Promise.reject(refused(refusal));
  }
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    // agent: false, so no pooled socket (connected under another check) is reused.
    const request = send(url, { agent: false, signal, lookup: checkedLookup(hostname, policy) }, resolve);
    request.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "ECSVADDRESS" ? refused(error.message) : error),
    );
    request.end();
  });
}

function decoded(response: IncomingMessage): Readable {
  switch (response.headers["content-encoding"]?.trim().toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return response.pipe(createGunzip());
    case "deflate":
      return response.pipe(createInflate());
    case "br":
      return response.pipe(createBrotliDecompress());
    default:
      return response;
  }
}

async function readBody(response: IncomingMessage, options: CsvFetchOptions): Promise<CsvChunks> {
  const { maxBytes } = options;
  const declared = response.headers["content-length"];
  const encoded = response.headers["content-encoding"] !== undefined;
  const size = declared === undefined || encoded ? undefined : Number(declared);
  if (size !== undefined && size > maxBytes) {
    response.destroy();
    throw tooLarge(maxBytes);
  }
  if (size !== undefined) options.onSize?.(size);
  const body = decoded(response);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    // Streamed and counted: a 1 GB answer costs at most `maxBytes` of memory before it is refused.
    for await (const chunk of body) {
      total += (chunk as Buffer).byteLength;
      if (total > maxBytes) throw tooLarge(maxBytes);
      chunks.push(chunk as Buffer);
    }
  } finally {
    response.destroy();
  }
  options.onSize?.(total);
  return chunks;
}
