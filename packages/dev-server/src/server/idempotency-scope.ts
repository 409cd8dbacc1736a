import { createHash } from "node:crypto";

// 22 base64url characters of SHA-256 (132 bits), then a colon; never the API key itself.
const SCOPE = /^[A-Za-z0-9_-]{22}:/;

/**
 * An Idempotency-Key as stored: prefixed with a digest of the API key that sent it, so that one key's
 * request never replays another key's run (Stripe scopes idempotency keys per account the same way).
 */
export function scopeIdempotencyKey(apiKey: string, key: string): string {
  return `${createHash("sha256").update(apiKey).digest("base64url").slice(0, 22)}:${key}`;
}

/** The Idempotency-Key the client sent, from its stored (scoped) form. */
export function unscopeIdempotencyKey(stored: string | null): string | null {
  return stored === null ? null : stored.replace(SCOPE, "");
}
