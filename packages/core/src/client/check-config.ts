import { ConfigurationError } from "../errors/validation-errors";

// A character an HTTP header value may not hold (a ByteString has no NUL, CR, LF or character above U+00FF).
// Fetch and undici reject such a value with an error that quotes it, so a key with a stray newline would end
// up in logs.
const NOT_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Refuses a header value that is no string or cannot be sent, naming `field` but never quoting the value. */
function checkHeaderValue(value: unknown, field: string): void {
  if (typeof value !== "string") {
    throw new ConfigurationError(`${field}: expected a string, received ${typeof value}`);
  }
  const index = value.search(NOT_HEADER_VALUE);
  if (index >= 0) {
    throw new ConfigurationError(
      `${field}: expected text a header can carry, received a NUL, line break or character above U+00FF at index ${index}; remove it`,
    );
  }
}

/** Refuses a missing API key or one that cannot be sent as a header; the message never contains the key. */
export function checkApiKey(apiKey: unknown): asserts apiKey is string {
  if (!apiKey)
    throw new ConfigurationError("apiKey: required; pass new Workflows({ apiKey }) or set LEAP_API_KEY");
  checkHeaderValue(apiKey, "apiKey");
}

/**
 * Refuses header names and values that cannot be sent, naming the header but never quoting its value
 * (custom headers often carry tokens).
 */
export function checkHeaders(headers: Record<string, string> | undefined, what: string): void {
  if (headers === undefined) return;
  if (typeof headers !== "object" || headers === null) {
    throw new ConfigurationError(`${what}: expected an object of header names to strings`);
  }
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) {
      throw new ConfigurationError(`${what}: expected header names, received ${JSON.stringify(name)}`);
    }
    checkHeaderValue(value, `${what} ${name}`);
  }
}

/**
 * Normalises and checks `baseUrl`: http(s), parseable, no credentials (they would ride along in every
 * request and show in errors and logs; the API key is the credential), no query or fragment.
 */
export function checkBaseUrl(raw: string): string {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    // not a URL
  }
  // The scheme is tested on `raw`: the URL parser would accept `https:host` and trim spaces.
  if (!url || !/^https?:\/\/[^/]/i.test(raw) || url.username || url.password || url.search || url.hash) {
    // Credentials are masked: the message must not repeat them.
    const shown = JSON.stringify(String(raw).replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, "$1[redacted]@"));
    throw new ConfigurationError(
      `baseUrl: expected an http(s) URL with no user:password@ (the key goes in apiKey), query or fragment, received ${shown}`,
    );
  }
  return raw.replace(/\/+$/, "");
}
