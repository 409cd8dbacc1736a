import { createHmac } from "node:crypto";
import {
  createWebhookHeaders,
  generateWebhookSecret,
  parseWebhookRun,
  parseWebhookSecret,
  readHeader,
  workflowRunSchema,
} from "@leap-workflows/core";

const secret = generateWebhookSecret();
const key = parseWebhookSecret(secret);
const body = JSON.stringify({
  id: "rnp_x3p27VQk6MyJfLe",
  version_id: "vsp_1",
  status: "completed",
  created_at: "2026-11-28T12:00:00.000Z",
  started_at: "2026-11-28T12:00:00.100Z",
  ended_at: "2026-11-28T12:00:01.000Z",
  workflow_id: "wkf_123",
  error: null,
  input: { prompt: "a cat in a hat", steps: 30 },
  output: { images: ["https://example.com/a.png", "https://example.com/b.png"] },
});
const headers = await createWebhookHeaders({ secret, body });
function ops(f) {
  for (let i = 0; i < 5000; i++) f();
  let n = 0;
  const s = performance.now();
  while (performance.now() - s < 800) {
    for (let i = 0; i < 500; i++) f();
    n += 500;
  }
  return Math.round(n / ((performance.now() - s) / 1000));
}
console.log(
  "hmac b64",
  ops(() =>
    createHmac("sha256", key)
      .update(`${headers["webhook-id"]}.${headers["webhook-timestamp"]}.`)
      .update(body)
      .digest("base64"),
  ),
);
console.log(
  "hmac raw",
  ops(() =>
    createHmac("sha256", key)
      .update(`${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${body}`)
      .digest(),
  ),
);
console.log(
  "JSON.parse",
  ops(() => JSON.parse(body)),
);
console.log(
  "parseWebhookRun",
  ops(() => parseWebhookRun(body)),
);
const j = JSON.parse(body);
console.log(
  "zod safeParse",
  ops(() => workflowRunSchema.safeParse(j)),
);
console.log(
  "parseSecret",
  ops(() => parseWebhookSecret(secret)),
);
console.log(
  "readHeader",
  ops(() => readHeader(headers, "webhook-signature")),
);
const em = () => undefined;
console.log(
  "zod safeParse w/ error",
  ops(() => workflowRunSchema.safeParse(j, { error: em })),
);
console.log(
  "JSON.parse+safeParse",
  ops(() => workflowRunSchema.safeParse(JSON.parse(body))),
);
