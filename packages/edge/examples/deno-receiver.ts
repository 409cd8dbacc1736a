// deno run --allow-net --allow-env deno-receiver.ts
import { webhookHandler } from "@leap-workflows/edge"; // or "npm:@leap-workflows/edge"

const handle = webhookHandler(Deno.env.get("LEAP_WEBHOOK_SECRET") ?? "", (run) => {
  console.log("webhook", run.id, run.status);
});

Deno.serve({ hostname: "127.0.0.1", port: Number(Deno.env.get("PORT") ?? 8000) }, handle);
