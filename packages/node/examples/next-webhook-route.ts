// app/api/leap/route.ts: receives Leap webhooks in a Next.js route handler on the Node.js runtime.
import { verifyWebhook, WebhookVerificationError } from "@leap-workflows/node";

export const runtime = "nodejs";

export async function POST(request: Request): Promise<Response> {
  // The raw text, not request.json(): the signature covers the exact bytes that were sent.
  const body = await request.text();
  let run: ReturnType<typeof verifyWebhook>;
  try {
    run = verifyWebhook(body, request.headers, process.env.LEAP_WEBHOOK_SECRET ?? "");
  } catch (error) {
    // A missing or malformed secret is a deployment error, not a bad request: let it surface as a 500.
    if (!WebhookVerificationError.isInstance(error) || error.reason === "malformed_secret") throw error;
    return Response.json({ error: error.reason }, { status: error.reason === "invalid_body" ? 400 : 401 });
  }
  console.log("webhook", run.id, run.status);
  return Response.json({ ok: true });
}
