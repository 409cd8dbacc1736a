// The whole job without our SDK: openapi-fetch for create + poll (./openapi-fetch), svix to verify the webhook (no validation).
import { Webhook } from "svix";
import { job as createAndPoll } from "./openapi-fetch";

export async function job(apiKey: string, secret: string, body: string, headers: Record<string, string>) {
  await createAndPoll(apiKey);
  return new Webhook(secret).verify(body, headers);
}
