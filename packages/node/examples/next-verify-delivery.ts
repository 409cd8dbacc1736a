// app/api/leap/route.ts: verifying by hand, receiving runs' and bulk runs' webhooks alike.
import { verifyWebhookDelivery, type WebhookDelivery, WebhookVerificationError } from "@leap-workflows/node";

export const runtime = "nodejs";

export async function POST(request: Request): Promise<Response> {
  // The raw text, not request.json(): the signature covers the exact bytes that were sent.
  const body = await request.text();
  let delivery: WebhookDelivery;
  try {
    delivery = verifyWebhookDelivery(body, request.headers, process.env.LEAP_WEBHOOK_SECRET ?? "");
  } catch (error) {
    // A missing or malformed secret is a deployment error, not a bad request: let it surface as a 500.
    if (!WebhookVerificationError.isInstance(error) || error.reason === "malformed_secret") throw error;
    return Response.json({ error: error.reason }, { status: error.reason === "invalid_body" ? 400 : 401 });
  }
  if (delivery.kind === "bulk_run")
    console.log("bulk run", delivery.bulkRun.id, delivery.bulkRun.output_csv_url);
  else console.log("run", delivery.run.id, delivery.run.status);
  return Response.json({ ok: true });
}
