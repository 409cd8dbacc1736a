import {
  createAsyncWebhookVerifier,
  createWebhookHeaders,
  generateWebhookSecret,
  parseWebhookRun,
  parseWebhookSecret,
  webCryptoHmac,
} from "@leap-workflows/core";
import { verifyWebhook as verifyOnEdge, verifyWebhookSignature } from "@leap-workflows/edge";

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
const ck = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
const enc = new TextEncoder();
async function ops(f) {
  for (let i = 0; i < 3000; i++) await f();
  let n = 0;
  const s = performance.now();
  while (performance.now() - s < 1000) {
    for (let i = 0; i < 200; i++) await f();
    n += 200;
  }
  return Math.round(n / ((performance.now() - s) / 1000));
}
const msg = `${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${body}`;
console.log("raw sign", await ops(() => crypto.subtle.sign("HMAC", ck, enc.encode(msg))));
console.log(
  "webCryptoHmac",
  await ops(() => webCryptoHmac(key, [`${headers["webhook-id"]}.${headers["webhook-timestamp"]}.`, body])),
);
const v = createAsyncWebhookVerifier(webCryptoHmac);
console.log("verifySignature core", await ops(() => v.verifySignature(body, headers, secret)));
console.log(
  "edge verifyWebhookSignature",
  await ops(() => verifyWebhookSignature({ body, headers }, secret)),
);
console.log("edge verify", await ops(() => verifyOnEdge({ body, headers }, secret)));
console.log("raw sign again", await ops(() => crypto.subtle.sign("HMAC", ck, enc.encode(msg))));
