// svix's verifier alone (the part a receiver needs), for comparison with verifyWebhook.
import { Webhook } from "svix";

export function job(secret: string, body: string, headers: Record<string, string>) {
  return new Webhook(secret).verify(body, headers);
}
