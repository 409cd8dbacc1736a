import { readEnv } from "./env";

/** Where the client reports what it does. Any object with these methods works, `console` included. */
export interface Logger {
  /** One line per attempt, retry decision and delay. */
  debug(message: string, data?: Record<string, unknown>): void;
  /** Something the caller should know about, such as a deprecated field. */
  warn(message: string, data?: Record<string, unknown>): void;
}

const silent: Logger = { debug() {}, warn() {} };

/** True for the logger used when none is configured, so hot paths can skip building log data. */
export const isSilentLogger = (logger: Logger): boolean => logger === silent;

/** `LEAP_LOG=debug` logs every attempt to the console; otherwise nothing unless a logger is given. */
export function resolveLogger(logger: Logger | undefined): Logger {
  if (logger) return logger;
  return readEnv("LEAP_LOG") === "debug"
    ? {
        debug: (m, d) => console.debug(`[leap] ${m}`, d ?? ""),
        warn: (m, d) => console.warn(`[leap] ${m}`, d ?? ""),
      }
    : silent;
}

// Log lines end up in shared places (CI output, log services). A list of secret names always misses one
// (a custom token header), so only headers known to carry no secret are shown; every other value is hidden.
const SAFE_HEADERS = new Set(
  "accept accept-encoding content-encoding content-length content-type date idempotency-key retry-after retry-after-ms user-agent x-request-id x-should-retry".split(
    " ",
  ),
);

/**
 * The headers with every value outside a small allowlist of known-safe names replaced by `[redacted]`
 * (and any value holding `secret`, wherever it was put).
 */
export function redactHeaders(headers: Record<string, string>, secret: string): Record<string, string> {
  const redacted: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const safe = SAFE_HEADERS.has(name.toLowerCase()) && !(secret !== "" && value.includes(secret));
    redacted[name] = safe ? value : "[redacted]";
  }
  return redacted;
}
