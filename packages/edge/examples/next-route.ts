// app/api/leap/route.ts: a Next.js route handler on the Edge runtime.
import { verifyWebhook, WebhookVerificationError, Workflows } from "@leap-workflows/edge";

export const runtime = "edge";

// GET /api/leap?workflow=wkf_echo runs a workflow and answers with the finished run. The client is created
// per request, not at import: `next build` imports route modules without your secrets.
export async function GET(request: Request): Promise<Response> {
  const workflow_id = new URL(request.url).searchParams.get("workflow") ?? "wkf_echo";
  const leap = new Workflows(); // LEAP_API_KEY from process.env, which Next.js fills on the edge too
  const run = await leap.runAndWait({ workflow_id, inputs: { from: "next" } }, { timeout: 20_000 });
  return Response.json(run);
}

// POST /api/leap receives the run's webhook (set webhook_url to this route).
export async function POST(request: Request): Promise<Response> {
  try {
    const run = await verifyWebhook(request, process.env.LEAP_WEBHOOK_SECRET ?? "");
    console.log("webhook", run.id, run.status);
    return Response.json({ ok: true });
  } catch (error) {
    if (!WebhookVerificationError.isInstance(error)) throw error;
    return Response.json({ error: error.reason }, { status: 401 });
  }
}
