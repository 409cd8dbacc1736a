import { createServer } from "node:http";
import { webhookHandler } from "@leap-workflows/node";

// Verifies the signature, drops repeated deliveries, answers 401/400/200, or 500 when this callback throws
// (so Leap retries). A malformed or missing secret throws here, at startup.
const handle = webhookHandler(process.env.LEAP_WEBHOOK_SECRET, async (run, { webhookId }) => {
  console.log("webhook", run.id, run.status, JSON.stringify(run.output), webhookId);
});

const server = createServer((req, res) => {
  if (req.method === "POST" && req.url === "/hooks/leap") return handle(req, res);
  res.writeHead(404).end();
});
server.listen(Number(process.env.PORT ?? 3000), "127.0.0.1", () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}/hooks/leap`);
});
