// app/api/leap/route.ts: verifyWebhook, then processWebhookOnce on Redis, so one instance handles each delivery.
import {
  processWebhookOnce,
  redisIdStore,
  verifyWebhook,
  WebhookVerificationError,
} from "@leap-workflows/node";
import { Redis } from "ioredis";

export const runtime = "nodejs";

let store: ReturnType<typeof redisIdStore> | undefined;

export async function POST(request: Request): Promise<Response> {
  // Created on the first request: `next build` imports route modules without your environment.
  store ??= redisIdStore({ client: new Redis(process.env.REDIS_URL ?? "") });
  const body = await request.text();
  let run: ReturnType<typeof verifyWebhook>;
  try {
    run = verifyWebhook(body, request.headers, process.env.LEAP_WEBHOOK_SECRET ?? "");
  } catch (error) {
    if (!WebhookVerificationError.isInstance(error) || error.reason === "malformed_secret") throw error;
    return Response.json({ error: error.reason }, { status: error.reason === "invalid_body" ? 400 : 401 });
  }
  // Claim the webhook-id, process, complete; a throw releases the claim and answers 500 (Leap retries).
  const result = await processWebhookOnce(store, request.headers.get("webhook-id") ?? "", async () => {
    console.log("webhook", run.id, run.status);
  });
  if (result === "in-progress") return Response.json({ error: "in_progress" }, { status: 409 });
  return Response.json({ ok: true, duplicate: result === "duplicate" });
}
