// app/api/leap/route.ts: every instance shares one PostgreSQL database, so each delivery runs onRun once.
import { postgresIdStore, webhookFetchHandler } from "@leap-workflows/node";
import pg from "pg"; // or postgres.js: import postgres from "postgres"; const client = postgres(url);

export const runtime = "nodejs";

let handle: ((request: Request) => Promise<Response>) | undefined;

export function POST(request: Request): Promise<Response> {
  // Created on the first request: `next build` imports route modules without your environment.
  if (handle === undefined) {
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
    pool.on("error", (error) => console.error("idle database connection lost", error)); // else Node exits
    handle = webhookFetchHandler(
      process.env.LEAP_WEBHOOK_SECRET ?? "",
      async (run) => console.log("webhook", run.id, run.status),
      // Its table, leap_webhook_ids, is created on the first delivery.
      { dedupe: postgresIdStore({ client: pool }) },
    );
  }
  return handle(request);
}
