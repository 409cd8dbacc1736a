import { generateWebhookSecret } from "@leap-workflows/node";
import { createWebhookHeaders } from "@leap-workflows/node/testing";

/** The ways the page can tamper with a recorded delivery; each must be rejected by both receivers. */
export const TAMPERINGS = {
  "wrong-secret": "signed with another secret",
  "changed-body": "body changed after signing",
  "old-timestamp": "signed 10 minutes ago (a replay)",
} as const;

export type Tampering = keyof typeof TAMPERINGS;

/** The `WebhookVerificationError.reason` both receivers must give for each tampering. */
export const EXPECTED_REASONS: Record<Tampering, string> = {
  "wrong-secret": "no_matching_signature",
  "changed-body": "no_matching_signature",
  "old-timestamp": "timestamp_too_old",
};

/** A delivery as the fan-out endpoint received it. */
export interface RecordedDelivery {
  body: string;
  headers: Record<string, string>;
}

/** Returns a tampered copy of `delivery`: what an attacker or a broken proxy might send. */
export async function tamper(
  delivery: RecordedDelivery,
  kind: Tampering,
  secret: string,
): Promise<RecordedDelivery> {
  const id = delivery.headers["webhook-id"] ?? "msg_tampered";
  switch (kind) {
    case "wrong-secret":
      return {
        body: delivery.body,
        headers: await createWebhookHeaders({ secret: generateWebhookSecret(), body: delivery.body, id }),
      };
    case "changed-body":
      return {
        body: delivery.body.replace(/"status":"\w+"/, '"status":"completed","tampered":true'),
        headers: delivery.headers,
      };
    case "old-timestamp":
      return {
        body: delivery.body,
        headers: await createWebhookHeaders({
          secret,
          body: delivery.body,
          id,
          timestamp: Math.floor(Date.now() / 1000) - 600,
        }),
      };
  }
}
