/** One HTTP request as the client hands it to a transport. */
export interface HttpRequest {
  method: "GET" | "POST";
  url: string;
  headers: Record<string, string>;
  body?: string | undefined;
  /** Aborts on the caller's signal or on the request's timeout; the transport must honour it while reading the body too. */
  signal: AbortSignal;
}

/** The transport's answer; `text()` reads the whole body and rejects when `signal` aborts. */
export interface HttpResponse {
  status: number;
  headers: Headers;
  /** The whole body as text. */
  text(): Promise<string>;
}

/**
 * Sends one request. Core ships a fetch-based transport; `@leap-workflows/node` plugs in one on
 * undici's request API. Throwing means no HTTP answer arrived (a connection error).
 */
export type Transport = (request: HttpRequest) => Promise<HttpResponse>;

/** The `fetch` signature the client needs; any WHATWG-compatible fetch fits. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Adapts a `fetch` function into a transport. */
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
    return { status: response.status, headers: response.headers, text: () => response.text() };
  };
}

// Older Workers runtimes reject the `cache` field instead of ignoring it.
function isUnsupportedCacheError(error: unknown): boolean {
  return error instanceof Error && !(error.name === "AbortError") && /cache/i.test(error.message);
}
