// Webhook verification throughput: our node and edge verifiers against raw crypto baselines and svix.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createWebhookHeaders, generateWebhookSecret, parseWebhookSecret } from "@leap-workflows/core";
import { verifyWebhook as verifyOnEdge } from "@leap-workflows/edge";
import { verifyWebhook as verifyOnNode } from "@leap-workflows/node";
import { Webhook } from "svix";
import { fixed, table } from "./stats.mjs";

const DURATION_MS = 1_500;

async function opsPerSecond(verify) {
  for (let index = 0; index < 2_000; index++) await verify();
  let operations = 0;
  const start = performance.now();
  while (performance.now() - start < DURATION_MS) {
    for (let index = 0; index < 200; index++) await verify();
    operations += 200;
  }
  return operations / ((performance.now() - start) / 1000);
}

export async function benchWebhooks() {
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
  const cryptoKey = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  const encoder = new TextEncoder();
  const svix = new Webhook(secret);

  const contenders = {
    "raw node:crypto (createHmac + timingSafeEqual + JSON.parse)": () => {
      const expected = createHmac("sha256", key)
        .update(`${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${body}`)
        .digest();
      if (!timingSafeEqual(expected, signature)) throw new Error("mismatch");
      return JSON.parse(body);
    },
    "@leap-workflows/node verifyWebhook (sync, validates the run)": () => verifyOnNode(body, headers, secret),
    "raw Web Crypto (sign + compare + JSON.parse)": async () => {
      const expected = new Uint8Array(
        await crypto.subtle.sign(
          "HMAC",
          cryptoKey,
          encoder.encode(`${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${body}`),
        ),
      );
      if (!timingSafeEqual(expected, signature)) throw new Error("mismatch");
      return JSON.parse(body);
    },
    "@leap-workflows/edge verifyWebhook (Web Crypto, validates the run)": () =>
      verifyOnEdge({ body, headers }, secret),
    "svix Webhook.verify": () => svix.verify(body, headers),
  };
  const results = {};
  for (const [name, verify] of Object.entries(contenders)) results[name] = await opsPerSecond(verify);
  const baselineOf = (name) =>
    name.includes("Web Crypto")
      ? "raw Web Crypto (sign + compare + JSON.parse)"
      : "raw node:crypto (createHmac + timingSafeEqual + JSON.parse)";
  return table(
    ["verifier", "verifications/s", "vs baseline"],
    Object.entries(results).map(([name, ops]) => [
      name,
      fixed(ops, 0),
      `${fixed(ops / results[baselineOf(name)])}x`,
    ]),
  );
}
