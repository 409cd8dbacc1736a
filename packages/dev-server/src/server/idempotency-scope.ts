import { createHash } from "node:crypto";

// 22 base64url characters of SHA-256 (132 bits), then a colon; never the API key itself.
const SCOPE = /^[A-Za-z0-9_-]{22}:/;

// The digest of each API key, made once instead of once per request.
const scopes = new Map<string, string>();

/**
 * An Idempotency-Key as stored: prefixed with a digest of the API key that sent it, so that one key's
 * request never replays another key's run (Stripe scopes idempotency keys per account the same way).
 */
export function scopeIdempotencyKey(apiKey: string, key: string): string {
  let scope = scopes.get(apiKey);
  if (scope === undefined) {
    scope = createHash("sha256").update(apiKey).digest("base64url").slice(0, 22);
    // Only keys a server accepted come here (or ""), but many servers in one process (a test suite) could
    // each bring their own: the cache never holds more than a few.
    if (scopes.size >= 16) scopes.clear();
    scopes.set(apiKey, scope);
  }
  return `${scope}:${key}`;
}

/** The Idempotency-Key the client sent, from its stored (scoped) form. */
export function unscopeIdempotencyKey(stored: string | null): string | null {
  return stored === null ? null : stored.replace(SCOPE, "");
}
