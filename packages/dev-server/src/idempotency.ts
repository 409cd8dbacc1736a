import { ApiFailure } from "./api-failure";

/**
 * What a repeated Idempotency-Key answers: the first request's result when the body is the same (by
 * fingerprint), else a 409, since one key must never stand for two different requests.
 */
export function replayOf<T>(storedFingerprint: string | null, fingerprint: string, result: T): T {
  if (storedFingerprint !== fingerprint) {
    throw new ApiFailure(
      409,
      "idempotency_key_reused",
      "This Idempotency-Key was already used with a different body; use a new key for a new request",
    );
  }
  return result;
}
