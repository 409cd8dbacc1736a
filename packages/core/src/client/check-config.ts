import { ConfigurationError } from "../errors/validation-errors";

// What an HTTP header value may hold (a ByteString without NUL, CR or LF). Fetch and undici reject anything
// else with an error that quotes the value, so a key with a stray newline would end up in logs.
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function describeBadCharacter(value: string): string {
  let index = 0;
  while (index < value.length && HEADER_VALUE.test(value.charAt(index))) index++;
  const code = value.codePointAt(index) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, "0")} (a NUL, line break or character above U+00FF) at position ${index}`;
}

/** Refuses an API key that cannot be sent as a header; the message never contains the key. */
export function checkApiKey(apiKey: string): void {
  if (typeof apiKey !== "string") {
    throw new ConfigurationError(`apiKey must be a string, received ${typeof apiKey}`);
  }
  if (!HEADER_VALUE.test(apiKey)) {
    throw new ConfigurationError(
      `apiKey holds ${describeBadCharacter(apiKey)}, which cannot be sent in the X-Api-Key header: copy the key again without it`,
    );
  }
}

/**
 * Refuses header names and values that cannot be sent, naming the header but never quoting its value
 * (custom headers often carry tokens).
 */
export function checkHeaders(headers: Record<string, string> | undefined, what: string): void {
  if (headers === undefined) return;
  if (typeof headers !== "object" || headers === null) {
    throw new ConfigurationError(`${what} must be an object of header names to string values`);
  }
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) {
      throw new ConfigurationError(`${what}: ${JSON.stringify(name)} is not a valid header name`);
    }
    if (typeof value !== "string") {
      throw new ConfigurationError(
        `${what}: the value of ${name} must be a string, received ${typeof value}`,
      );
    }
    if (!HEADER_VALUE.test(value)) {
      throw new ConfigurationError(
        `${what}: the value of ${name} holds ${describeBadCharacter(value)}, which cannot be sent in a header`,
      );
    }
  }
}

/** `https://user:pass@host` with the credentials masked, for messages about a URL that may hold them. */
function redactUrlCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, "$1[redacted]@");
}

/**
 * Normalises and checks `baseUrl`: http(s), parseable, no credentials (they would ride along in every
 * request and show in errors and logs; the API key is the credential), no query or fragment.
 */
export function checkBaseUrl(raw: string): string {
  const shown = JSON.stringify(redactUrlCredentials(String(raw)));
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (url === undefined || !/^https?:$/.test(url.protocol) || !/^https?:\/\/[^/]/i.test(raw)) {
    throw new ConfigurationError(`baseUrl must be an http(s) URL, received ${shown}`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new ConfigurationError(
      `baseUrl must not hold credentials (user:password@), received ${shown}: pass the API key as apiKey`,
    );
  }
  if (url.search !== "" || url.hash !== "") {
    throw new ConfigurationError(`baseUrl must not have a query or fragment, received ${shown}`);
  }
  return raw.replace(/\/+$/, "");
}
