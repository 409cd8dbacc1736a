import { createHmac, timingSafeEqual } from "node:crypto";
import {
  createWebhookHeaders,
  createWebhookVerifier,
  generateWebhookSecret,
  parseWebhookRun,
  parseWebhookSecret,
} from "@leap-workflows/core";
import { verifyWebhook as verifyOnNode } from "@leap-workflows/node";

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
function ops(f) {
  let n = 0;
  const s = performance.now();
  while (performance.now() - s < 300) {
    for (let i = 0; i < 200; i++) f();
    n += 200;
  }
  return n / ((performance.now() - s) / 1000);
}
const v1 = createWebhookVerifier((k, [p, b]) =>
  createHmac("sha256", k)
    .update(typeof b === "string" ? p + b : p)
    .update(typeof b === "string" ? "" : b)
    .digest("base64"),
);
const v2 = createWebhookVerifier((k, [p, b]) => createHmac("sha256", k).update(p).update(b).digest("base64"));
const c = {
  rawNode: () => {
    const e = createHmac("sha256", key)
      .update(`${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${body}`)
      .digest();
    if (!timingSafeEqual(e, signature)) throw 1;
    return JSON.parse(body);
  },
  node: () => verifyOnNode(body, headers, secret),
  v2sig: () => v2.verifySignature(body, headers, secret),
  v1sig: () => v1.verifySignature(body, headers, secret),
  rawHmacOnly: () => {
    const e = createHmac("sha256", key)
      .update(`${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${body}`)
      .digest();
    if (!timingSafeEqual(e, signature)) throw 1;
  },
  parseRun: () => parseWebhookRun(body),
  jsonParse: () => JSON.parse(body),
};
const best = {};
for (let r = 0; r < 6; r++) for (const [n, f] of Object.entries(c)) best[n] = Math.max(best[n] ?? 0, ops(f));
for (const [n, v] of Object.entries(best))
  console.log(n.padEnd(12), Math.round(v), (v / best.rawNode).toFixed(2));
