import { Workflows, webhookHandler } from "@leap-workflows/node";
import express from "express";

const leap = new Workflows();
const app = express();

// The webhook route goes before express.json(): verification needs the raw body.
app.post(
  "/hooks/leap",
  webhookHandler(process.env.LEAP_WEBHOOK_SECRET, async (run) => {
    console.log("webhook", run.id, run.status, JSON.stringify(run.output));
  }),
);

app.use(express.json());

// Starts a run and returns at once; the result arrives at /hooks/leap.
app.post("/runs", async (req, res) => {
  const run = await leap.run({
    workflow_id: req.body.workflow_id,
    inputs: req.body.inputs,
    webhook_url: `${req.protocol}://${req.get("host")}/hooks/leap`,
  });
  res.status(202).json({ id: run.id, status: run.status });
});

const server = app.listen(Number(process.env.PORT ?? 3000), "127.0.0.1", () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
