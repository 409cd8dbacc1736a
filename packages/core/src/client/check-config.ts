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
 * request and show in errors and logs; the API key is the credential), no query or fragment. A refused value
 * is never repeated in the error, which says what is wrong with it instead: a URL that is refused may hold
 * credentials in a spelling no pattern foresees (the URL parser forgives spaces, tabs, backslashes and
 * missing slashes). `field` names where it came from, e.g. `"baseUrl (from LEAP_BASE_URL)"`.
 */
export function checkBaseUrl(raw: unknown, field = "baseUrl"): string {
  const problem = baseUrlProblem(raw);
  if (problem !== undefined) {
    throw new ConfigurationError(
      `${field}: expected an http(s) URL such as "https://api.workflows.tryleap.ai", ${problem} (the value is not shown: it may hold credentials)`,
    );
  }
  return (raw as string).replace(/\/+$/, "");
}

// What a baseUrl may not hold: a space, a control character (tab, line break) or a backslash.
const NOT_URL_CHARACTER = /[^\x21-\x5b\x5d-\x7e\u0080-\uffff]/;

/** What is wrong with a `baseUrl`, in words that quote none of it; undefined when nothing is. */
function baseUrlProblem(raw: unknown): string | undefined {
  if (typeof raw !== "string") return `received ${raw === null ? "null" : typeof raw}`;
  // The URL parser drops tabs and line breaks, trims spaces and reads a backslash as a slash: the string
  // would not be the URL it parses as, and requests are made from the string.
  const odd = raw.search(NOT_URL_CHARACTER);
  if (odd >= 0) {
    return `received one with whitespace, a control character or a backslash at index ${odd}; remove it`;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "received text that does not parse as a URL";
  }
  if (url.username || url.password) {
    return "received one with user:password@ credentials; remove them and pass the key as apiKey";
  }
  if (!/^https?:\/\/[^/]/i.test(raw)) {
    return "received one that does not start with http:// or https:// and a host";
  }
  if (url.search || url.hash) return "received one with a query (?…) or fragment (#…); remove it";
  return undefined;
}
