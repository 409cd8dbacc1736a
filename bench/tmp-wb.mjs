import { createHmac, timingSafeEqual } from "node:crypto";
import { createWebhookHeaders, generateWebhookSecret, parseWebhookSecret } from "@leap-workflows/core";
import { verifyWebhook as verifyOnEdge } from "@leap-workflows/edge";
import { verifyWebhook as verifyOnNode } from "@leap-workflows/node";
import { Webhook } from "svix";

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
const signature = Buffer.from(headers["webhook-signature"].slice(3), "base64");
const ck = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
const enc = new TextEncoder();
const svix = new Webhook(secret);
async function ops(f) {
  for (let i = 0; i < 3000; i++) await f();
  let n = 0;
  const s = performance.now();
  while (performance.now() - s < 1500) {
    for (let i = 0; i < 200; i++) await f();
    n += 200;
  }
  return n / ((performance.now() - s) / 1000);
}
const c = {
  rawNode: () => {
    const e = createHmac("sha256", key)
      .update(`${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${body}`)
      .digest();
    if (!timingSafeEqual(e, signature)) throw 1;
    return JSON.parse(body);
  },
  node: () => verifyOnNode(body, headers, secret),
  rawWeb: async () => {
    const e = new Uint8Array(
      await crypto.subtle.sign(
        "HMAC",
        ck,
        enc.encode(`${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${body}`),
      ),
    );
    if (!timingSafeEqual(e, signature)) throw 1;
    return JSON.parse(body);
  },
  edge: () => verifyOnEdge({ body, headers }, secret),
  svix: () => svix.verify(body, headers),
};
const mode = process.argv[2];
for (const [n, f] of Object.entries(c))
  if (!mode || n === mode || mode.split(",").includes(n)) console.log(n, Math.round(await ops(f)));
