// bun bun-receiver.ts
import { webhookHandler } from "@leap-workflows/edge";

const handle = webhookHandler(Bun.env.LEAP_WEBHOOK_SECRET ?? "", (run) => {
  console.log("webhook", run.id, run.status);
});

const server = Bun.serve({ hostname: "127.0.0.1", port: Number(Bun.env.PORT ?? 3000), fetch: handle });
console.log(`Listening on ${server.url}`);
