// app/api/leap/route.ts: receives Leap webhooks in a Next.js route handler on the Node.js runtime.
import { webhookFetchHandler } from "@leap-workflows/node";

export const runtime = "nodejs";

let handle: ((request: Request) => Promise<Response>) | undefined;

export function POST(request: Request): Promise<Response> {
  // Created on the first request: `next build` imports route modules without your secrets, and a missing
  // secret is an error at setup.
  handle ??= webhookFetchHandler(process.env.LEAP_WEBHOOK_SECRET ?? "", async (run) => {
    console.log("webhook", run.id, run.status);
  });
  return handle(request);
}
