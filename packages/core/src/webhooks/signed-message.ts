import { validateNumbers } from "../client/validate-numbers";
import { WebhookVerificationError } from "../errors/webhook-verification-error";
import { readHeader, type WebhookHeaders } from "./headers";
import { notRawBody } from "./verify-arguments";

/** Options of every `verifyWebhook` flavour. */
export interface VerifyWebhookOptions {
  /** Seconds the `webhook-timestamp` may differ from now, either way (replay protection); finite, >= 0. @default 300 */
  toleranceSeconds?: number | undefined;
  /** The clock, in milliseconds since the epoch; set it to verify recorded webhooks. @default Date.now */
  now?: (() => number) | undefined;
}

/** The parts of a webhook request that its signature covers, read and checked. */
export interface SignedMessage {
  id: string;
  timestamp: string;
  /** What the HMAC is computed over: `${id}.${timestamp}.` followed by the raw body. */
  content: readonly [string, string | Uint8Array];
  /** The base64 `v1` signatures offered (several during key rotation). */
  signatures: string[];
}

const DEFAULT_TOLERANCE_SECONDS = 300;

function header(headers: WebhookHeaders, name: string): string {
  // svix-* are the same scheme under Svix's names: accepting them lets Svix-signed requests verify too.
  const value = readHeader(headers, `webhook-${name}`) ?? readHeader(headers, `svix-${name}`);
  if (value === undefined || value === "") {
    throw new WebhookVerificationError("missing_header", `Missing the webhook-${name} header`);
  }
  return value;
}

/**
 * Reads the three Standard Webhooks headers and checks the timestamp. Everything before the HMAC
 * itself, shared by the sync (node:crypto) and async (Web Crypto) verifiers.
 */
export function readSignedMessage(
  body: string | Uint8Array,
  headers: WebhookHeaders,
  options: VerifyWebhookOptions = {},
): SignedMessage {
  // A NaN or Infinity tolerance would accept a webhook of any age: a ConfigurationError, not a silent pass.
  validateNumbers("verifyWebhook options", options, { toleranceSeconds: "seconds" });
  if (typeof body !== "string" && !(body instanceof Uint8Array)) throw notRawBody(body);
  const id = header(headers, "id");
  const timestamp = header(headers, "timestamp");
  const signatureHeader = header(headers, "signature");
  if (!/^\d{1,12}$/.test(timestamp)) {
    throw new WebhookVerificationError("malformed_header", "webhook-timestamp: expected unix seconds");
  }
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const now = Math.floor((options.now ?? Date.now)() / 1000);
  const age = now - Number(timestamp);
  if (Math.abs(age) > tolerance) {
    throw new WebhookVerificationError(
      age > 0 ? "timestamp_too_old" : "timestamp_in_future",
      `webhook-timestamp: more than ${tolerance} s ${age > 0 ? "old" : "ahead"} (a replay, or clocks out of sync)`,
    );
  }
  const tokens = signatureHeader.split(" ").filter(Boolean);
  // Node and Fetch join repeated headers with ", ", leaving a trailing comma; base64 never ends with one.
  const signatures = tokens
    .filter((token) => token.startsWith("v1,"))
    .map((token) => token.slice(3).replace(/,$/, ""));
  if (tokens.length === 0 || (signatures.length === 0 && !signatureHeader.includes(","))) {
    throw new WebhookVerificationError(
      "malformed_header",
      "webhook-signature: expected `v1,<base64>` signatures",
    );
  }
  return { id, timestamp, content: [`${id}.${timestamp}.`, body], signatures };
}

/** Constant-time comparison of the expected base64 HMAC with each offered signature. */
export function matchesAny(expected: string, signatures: readonly string[]): boolean {
  let matched = false;
  for (const signature of signatures) {
    if (signature.length !== expected.length) continue;
    let difference = 0;
    for (let index = 0; index < expected.length; index++) {
      difference |= expected.charCodeAt(index) ^ signature.charCodeAt(index);
    }
    // No early exit: the time taken does not reveal which signature (or how much of it) matched.
    matched = matched || difference === 0;
  }
  return matched;
}

/** The error for a request whose signatures all failed. */
export function noMatchingSignature(): WebhookVerificationError {
  return new WebhookVerificationError(
    "no_matching_signature",
    "No signature matches: check the secret (this endpoint's whsec_…) and pass the body unmodified",
  );
}
