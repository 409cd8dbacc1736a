import { RedirectError } from "../errors/response-errors";
import type { AbortEmitter } from "./deadline";
import { readTextCapped } from "./read-body";

/** One HTTP request as the client hands it to a transport. */
export interface HttpRequest {
  method: "GET" | "POST";
  url: string;
  headers: Record<string, string>;
  body?: string | undefined;
  /** Aborts on the caller's signal or on the request's timeout; the transport must honour it while reading the body too. */
  signal: AbortSignal;
  /**
   * The same abort as `signal`, as an emitter of "abort" with `aborted` and `reason` (the shape undici's
   * `request` also takes): far cheaper to listen on, and `signal` is only built when a transport reads it.
   */
  deadline?: AbortEmitter | undefined;
  /**
   * The most bytes `text()` may read: past it, it must stop reading and reject with a
   * `ResponseTooLargeError`. (The client also refuses a longer text from a transport that ignores this.)
   */
  maxResponseBytes: number;
}

/** The transport's answer; `text()` reads the whole body and rejects when `signal` aborts. */
export interface HttpResponse {
  status: number;
  headers: Headers;
  /** The whole body as text. */
  text(): Promise<string>;
  /** Discards the body unread (the client does so for redirects). */
  cancel?(): void;
}

/**
 * Sends one request. Core ships a fetch-based transport; `@leap-workflows/node` plugs in one on
 * undici's dispatch API. Throwing means no HTTP answer arrived (a connection error). A transport must not
 * follow redirects: the client turns a 3xx into a `RedirectError`, so that the API key and the body never
 * go to another origin.
 */
export type Transport = (request: HttpRequest) => Promise<HttpResponse>;

/** The `fetch` signature the client needs; any WHATWG-compatible fetch fits. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Adapts a `fetch` function into a transport that follows no redirects and caps what it reads. */
export function fetchTransport(fetchFunction?: FetchLike): Transport {
  // A stored fetch called as a method (`this.fetch(...)`) throws "Illegal invocation" on Cloudflare;
  // always call it as a plain function, and read the global at call time so polyfills installed later count.
  const send: FetchLike = fetchFunction ?? ((input, init) => globalThis.fetch(input, init));
  let cacheOptionSupported = true;
  return async (request) => {
    const init: RequestInit = {
      method: request.method,
      headers: request.headers,
      body: request.body ?? null,
      signal: request.signal,
      // fetch's default, "follow", re-sends X-Api-Key and the body to wherever a 307 points.
      redirect: "manual",
    };
    // Next.js caches fetch by default, which would freeze polling on the first answer.
    if (cacheOptionSupported) init.cache = "no-store";
    let response: Response;
    try {
      response = await send(request.url, init);
    } catch (error) {
      if (!cacheOptionSupported || !isUnsupportedCacheError(error)) throw error;
      cacheOptionSupported = false;
      delete init.cache;
      response = await send(request.url, init);
    }
    // Browsers (and fetches that follow their rules) hide a manual redirect's status and Location.
    if (response.type === "opaqueredirect") throw new RedirectError({ status: 0, headers: response.headers });
    return {
      status: response.status,
      headers: response.headers,
      text: () => readTextCapped(response, request.maxResponseBytes),
      cancel: () => {
        response.body?.cancel().catch(() => {});
      },
    };
  };
}

// Older Workers runtimes reject the `cache` field instead of ignoring it.
function isUnsupportedCacheError(error: unknown): boolean {
  return error instanceof Error && !(error.name === "AbortError") && /cache/i.test(error.message);
}
