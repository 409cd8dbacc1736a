import { WebhookVerificationError } from "../errors/webhook-verification-error";
import { decodeBase64, encodeBase64 } from "./base64";

const PREFIX = "whsec_";
// Parsed keys are reused so that runtimes can cache per-key state (e.g. an imported CryptoKey) by identity.
const parsed = new Map<string, Uint8Array>();

// One message for an empty secret and for none at all (an unset environment variable, usually); a handler
// adds how to take unsigned webhooks.
const noSecret = (hint = "") =>
  new WebhookVerificationError(
    "malformed_secret",
    `No webhook secret: pass this endpoint's whsec_… secret (is LEAP_WEBHOOK_SECRET set?)${hint}`,
  );

/**
 * The HMAC key of a Standard Webhooks secret (`whsec_<base64>`; the prefix is optional, as in other
 * implementations). Throws a `malformed_secret` error at setup rather than failing every request later.
 */
export function parseWebhookSecret(secret: string): Uint8Array {
  const cached = parsed.get(secret);
  if (cached) return cached;
  if (typeof secret !== "string" || secret === "") throw noSecret();
  const key = decodeBase64(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret);
  if (!key || key.length < 16) {
    throw new WebhookVerificationError(
      "malformed_secret",
      "The webhook secret is malformed: expected whsec_ then base64 of 16 or more bytes",
    );
  }
  if (parsed.size > 64) parsed.clear();
  parsed.set(secret, key);
  return key;
}

/**
 * The HMAC keys of one secret or several (while rotating). Throws `malformed_secret` when none is given,
 * e.g. an unset environment variable, so that a handler fails at setup with a message that says so (and
 * `hint`, when given).
 */
export function parseWebhookSecrets(
  secrets: string | readonly string[] | null | undefined,
  hint?: string,
): Uint8Array[] {
  // Anything but a string or an array (e.g. headers passed where the secret goes) is no secret either.
  const list: readonly unknown[] =
    typeof secrets === "string" ? [secrets] : Array.isArray(secrets) ? secrets : [];
  if (list.length === 0) throw noSecret(hint);
  return list.map((secret) => parseWebhookSecret(secret as string));
}

/** A new random secret, `whsec_` + base64 of 24 bytes. */
export function generateWebhookSecret(): string {
  return PREFIX + encodeBase64(crypto.getRandomValues(new Uint8Array(24)));
}
