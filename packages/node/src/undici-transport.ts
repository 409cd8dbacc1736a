import { ConfigurationError, ResponseTooLargeError, type Transport } from "@leap-workflows/core";
import type { HttpResponse } from "@leap-workflows/core/internal";
import { Agent, type Dispatcher, EnvHttpProxyAgent, request } from "undici";

/** Options of the undici transport. */
export interface UndiciTransportOptions {
  /** An undici dispatcher (Agent, Pool, ProxyAgent, MockAgent…). @default a shared keep-alive Agent, or an EnvHttpProxyAgent when HTTP(S)_PROXY is set */
  dispatcher?: Dispatcher | undefined;
  /** Connections per origin of the default Agent. @default 64 */
  connections?: number | undefined;
}

let sharedDispatcher: Dispatcher | undefined;

function hasProxyEnv(): boolean {
  const env = process.env;
  return Boolean(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy);
}

/** One keep-alive pool for every client in the process, so connections are reused across clients. */
function defaultDispatcher(connections: number | undefined): Dispatcher {
  if (connections !== undefined) {
    return hasProxyEnv()
      ? new EnvHttpProxyAgent({ connections })
      : new Agent({ connections, keepAliveTimeout: 30_000 });
  }
  sharedDispatcher ??= hasProxyEnv()
    ? new EnvHttpProxyAgent({ connections: 64 })
    : new Agent({ connections: 64, keepAliveTimeout: 30_000 });
  return sharedDispatcher;
}

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (typeof value === "string") headers.append(name, value);
    else for (const each of value) headers.append(name, each);
  }
  return headers;
}

/** Drops a body unread; undici reports a body destroyed early as an "aborted" error, expected here. */
function discard(body: Dispatcher.ResponseData["body"]): void {
  body.on("error", () => {});
  body.destroy();
}

/**
 * Reads the body up to `maxBytes`; past it (or when Content-Length already says so) the body is destroyed,
 * which closes the connection, so the rest is never downloaded.
 */
async function readCapped(
  body: Dispatcher.ResponseData["body"],
  contentLength: string | string[] | undefined,
  maxBytes: number,
): Promise<string> {
  const declared =
    typeof contentLength === "string" && /^\d+$/.test(contentLength) ? Number(contentLength) : -1;
  if (declared > maxBytes) {
    discard(body);
    throw new ResponseTooLargeError(maxBytes);
  }
  // The common case, read whole by undici (several times cheaper than iterating the stream): undici's request
  // does not decode Content-Encoding, and HTTP framing stops the body at the declared length.
  if (declared >= 0) return body.text();
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of body) {
    received += (chunk as Buffer).length;
    if (received > maxBytes) {
      discard(body);
      throw new ResponseTooLargeError(maxBytes);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * A transport on undici's `request` API: several times faster than `fetch` on Node 20 for small JSON
 * calls, with keep-alive pooling and HTTP(S)_PROXY / NO_PROXY support. It follows no redirects (the
 * client turns a 3xx into a `RedirectError`) and reads at most `maxResponseBytes` of a body.
 */
export function undiciTransport(options: UndiciTransportOptions = {}): Transport {
  const { connections } = options;
  if (connections !== undefined && !(Number.isInteger(connections) && connections >= 1)) {
    throw new ConfigurationError(`connections must be an integer >= 1, received ${String(connections)}`);
  }
  const dispatcher = options.dispatcher ?? defaultDispatcher(options.connections);
  return async (call): Promise<HttpResponse> => {
    const response = await request(call.url, {
      method: call.method,
      headers: call.headers,
      body: call.body,
      // The client's deadline is an emitter undici accepts as its signal: no AbortSignal to build per call.
      signal: call.deadline ?? call.signal,
      dispatcher,
    });
    return new UndiciResponse(response, call.maxResponseBytes);
  };
}

// A class rather than an object of closures: one allocation per call on the hot path.
class UndiciResponse implements HttpResponse {
  readonly status: number;
  readonly #response: Dispatcher.ResponseData;
  readonly #maxBytes: number;
  #headers: Headers | undefined;

  constructor(response: Dispatcher.ResponseData, maxBytes: number) {
    this.status = response.statusCode;
    this.#response = response;
    this.#maxBytes = maxBytes;
  }

  /** Built on first use: the client reads headers only for errors and redirects. */
  get headers(): Headers {
    this.#headers ??= toHeaders(this.#response.headers);
    return this.#headers;
  }

  text(): Promise<string> {
    return readCapped(this.#response.body, this.#response.headers["content-length"], this.#maxBytes);
  }

  cancel(): void {
    discard(this.#response.body);
  }
}
