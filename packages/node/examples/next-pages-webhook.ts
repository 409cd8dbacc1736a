// pages/api/leap.ts: the Pages Router parses bodies by default; turn that off so the handler reads the raw body.
import type { IncomingMessage, ServerResponse } from "node:http";
import { webhookHandler } from "@leap-workflows/node";

export const config = { api: { bodyParser: false } };

let handle: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;

export default function leapWebhook(req: IncomingMessage, res: ServerResponse): Promise<void> {
  // Created on the first request: `next build` imports API routes without your secrets.
  handle ??= webhookHandler(process.env.LEAP_WEBHOOK_SECRET ?? "", async (run) => {
    console.log("webhook", run.id, run.status);
  });
  return handle(req, res);
}
