// app/api/leap/webhook/route.ts: a Next.js route handler (Edge runtime) that receives Leap webhooks.
import { webhookHandler } from "@leap-workflows/edge";

export const runtime = "edge";

let handle: ((request: Request) => Promise<Response>) | undefined;

export function POST(request: Request): Promise<Response> {
  // Created on the first request: `next build` imports route modules without your secrets, and a missing
  // secret is an error at setup.
  handle ??= webhookHandler(process.env.LEAP_WEBHOOK_SECRET ?? "", async (run) => {
    console.log("webhook", run.id, run.status);
  });
  return handle(request);
}
