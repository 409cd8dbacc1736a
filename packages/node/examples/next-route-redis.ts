// app/api/leap/route.ts: every instance shares one Redis, so each delivery runs onRun once.
import { redisIdStore, webhookFetchHandler } from "@leap-workflows/node";
import { Redis } from "ioredis";

export const runtime = "nodejs";

let handle: ((request: Request) => Promise<Response>) | undefined;

export function POST(request: Request): Promise<Response> {
  // Created on the first request: `next build` imports route modules without your environment.
  handle ??= webhookFetchHandler(
    process.env.LEAP_WEBHOOK_SECRET ?? "",
    async (run) => console.log("webhook", run.id, run.status),
    { dedupe: redisIdStore({ client: new Redis(process.env.REDIS_URL ?? "") }) },
  );
  return handle(request);
}
