// Express behind a load balancer: every instance shares one Redis, so each delivery runs onRun once.
import { redisIdStore, webhookHandler } from "@leap-workflows/node";
import express from "express";
import { createClient } from "redis"; // or: import { Redis } from "ioredis"; const redis = new Redis(url);

const redis = await createClient({ url: process.env.REDIS_URL }).connect();
const app = express();

// Verify, claim the webhook-id in Redis, run onRun, then mark it done (or release it if onRun throws).
app.post(
  "/hooks/leap",
  webhookHandler(
    process.env.LEAP_WEBHOOK_SECRET,
    async (run, { webhookId }) => {
      console.log("webhook", run.id, run.status, webhookId);
    },
    { dedupe: redisIdStore({ client: redis }), claimTtlSeconds: 60 },
  ),
);

const server = app.listen(Number(process.env.PORT ?? 3000), "127.0.0.1", () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}/hooks/leap`);
});
