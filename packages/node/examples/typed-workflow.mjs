// One definition types (and checks) the caller, the implementation and the webhook receiver.
// Run: node examples/typed-workflow.mjs (starts its own dev server; no API key needed).
import { createServer } from "node:http";
import { createDevServer, implementWorkflow } from "@leap-workflows/dev-server";
import { defineWorkflow, Workflows, webhookHandler } from "@leap-workflows/node";
import * as z from "zod";

const greet = defineWorkflow({
  id: "wkf_greet",
  inputs: z.object({ name: z.string().min(1) }),
  output: z.object({ greeting: z.string() }),
});

const dev = await createDevServer({
  workflows: [implementWorkflow(greet, async ({ name }) => ({ greeting: `Hello, ${name}!` }))],
});

let delivered;
const received = new Promise((resolve) => {
  delivered = resolve;
});
const receiver = createServer(
  webhookHandler(dev.webhookSecret, {
    workflows: [greet],
    onRun: (run) => delivered(run.output?.greeting), // typed: { greeting: string } | null
  }),
).listen(0, "127.0.0.1");
await new Promise((resolve) => receiver.once("listening", resolve));

const leap = new Workflows({ apiKey: dev.apiKeys[0], baseUrl: dev.url });
const run = await leap.runAndWait(
  greet,
  { name: "Ada" },
  { webhookUrl: `http://127.0.0.1:${receiver.address().port}/hooks/leap` },
);
console.log("output:", run.output.greeting);
console.log("webhook:", await received);

receiver.close();
await dev.close();
