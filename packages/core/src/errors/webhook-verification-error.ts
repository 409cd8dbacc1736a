import { LeapError } from "./leap-error";

/** Why a webhook was rejected; stable strings to branch on or log. */
export type WebhookVerificationReason =
  | "missing_header"
  | "malformed_header"
  | "timestamp_too_old"
  | "timestamp_in_future"
  | "no_matching_signature"
  | "invalid_body"
  | "malformed_secret";

/**
 * A webhook failed verification. `reason` says why; the message says how to fix it. It never contains
 * the secret or the expected signature.
 */
export class WebhookVerificationError extends LeapError {
  static override readonly kind = "WebhookVerificationError";
  declare readonly reason: WebhookVerificationReason;
  constructor(reason: WebhookVerificationReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}
