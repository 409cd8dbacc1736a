import { encodeBase64 } from "./base64";
import { parseWebhookSecret } from "./secret";
import { webCryptoHmac } from "./web-crypto-hmac";

/** What `signWebhook` signs. */
export interface SignWebhookParams {
  /** The endpoint's `whsec_…` secret. */
  secret: string;
  /** The delivery id; identical on every retry of one delivery. */
  id: string;
  /** Unix seconds of this attempt. */
  timestamp: number;
  /** The exact body that will be sent. */
  body: string;
}

/** The `webhook-signature` header value (`v1,<base64>`) for one delivery attempt. */
export async function signWebhook(params: SignWebhookParams): Promise<string> {
  return `v1,${await webCryptoHmac(parseWebhookSecret(params.secret), [`${params.id}.${params.timestamp}.`, params.body])}`;
}

/** The three Standard Webhooks headers of a delivery attempt. */
export type WebhookRequestHeaders = Record<"webhook-id" | "webhook-timestamp" | "webhook-signature", string>;

/**
 * Signs `body` and returns the headers to send with it. `id` defaults to a new `msg_…` id and
 * `timestamp` to now; a retry passes the delivery's original id.
 */
export async function createWebhookHeaders(params: {
  secret: string;
  body: string;
  id?: string | undefined;
  timestamp?: number | undefined;
}): Promise<WebhookRequestHeaders> {
  const id =
    params.id ?? `msg_${encodeBase64(crypto.getRandomValues(new Uint8Array(15))).replace(/[+/=]/g, "")}`;
  const timestamp = params.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = await signWebhook({ secret: params.secret, id, timestamp, body: params.body });
  return { "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": signature };
}
