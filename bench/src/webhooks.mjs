// Webhook verification throughput: our node and edge verifiers against raw crypto baselines and svix.
import { createHmac, timingSafeEqual } from "node:crypto";
import { generateWebhookSecret } from "@leap-workflows/core";
import { parseWebhookSecret } from "@leap-workflows/core/internal";
import {
  verifyWebhook as verifyOnEdge,
  verifyWebhookSignature as verifySignatureOnEdge,
} from "@leap-workflows/edge";
import {
  verifyWebhook as verifyOnNode,
  verifyWebhookSignature as verifySignatureOnNode,
} from "@leap-workflows/node";
import { createWebhookHeaders } from "@leap-workflows/node/testing";
import { Webhook } from "svix";
import { fixed, median, quantile, table } from "./stats.mjs";

const SLICE_MS = 50;
const ROUNDS = 30;

const RAW_NODE = "raw node:crypto (createHmac + timingSafeEqual + JSON.parse)";
const RAW_WEB = "raw Web Crypto (subtle.verify + JSON.parse)";
const NODE_VERIFY = "@leap-workflows/node verifyWebhook (sync, validates the run)";
const EDGE_VERIFY = "@leap-workflows/edge verifyWebhook (Web Crypto, validates the run)";

/** Verifications per second for SLICE_MS, in batches of 100 so the clock is read rarely. */
async function opsPerSecond(verify, ms = SLICE_MS) {
  let operations = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (let index = 0; index < 100; index++) await verify();
    operations += 100;
  }
  return operations / ((performance.now() - start) / 1000);
}

/** A finished run's body as Leap would sign it (the receivers section delivers the same one). */
export function realisticRunBody() {
  return JSON.stringify({
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
}

export const describeWebhooks = `One realistic signed run body (${Buffer.byteLength(realisticRunBody())} bytes) verified repeatedly. ${ROUNDS} rounds; in each, every verifier runs for ${SLICE_MS} ms (after a warm-up) in a rotated order; ratios are the median of the per-round ratios (25th–75th percentile of the rounds in brackets), higher is better. Short slices in many rounds spread the machine's load bursts over all verifiers. The raw baselines do what a hand-written receiver must do on every call: read the signature header, decode it, compute the HMAC, compare in constant time and \`JSON.parse\` the body; they check neither the timestamp nor the run's shape. Ours also check the timestamp tolerance and validate the run (\`verifyWebhook\`); the \`verifyWebhookSignature\` rows skip the run validation. svix checks the timestamp and parses nothing. Aims: node \`verifyWebhook\` at 0.9x or better of raw \`node:crypto\`, edge at 0.9x or better of raw Web Crypto.`;

export async function benchWebhooks(log) {
  const secret = generateWebhookSecret();
  const key = parseWebhookSecret(secret);
  const body = realisticRunBody();
  const headers = await createWebhookHeaders({ secret, body });
  const cryptoKey = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, [
    "verify",
  ]);
  const encoder = new TextEncoder();
  const svix = new Webhook(secret);

  const contenders = {
    [RAW_NODE]: () => {
      const signature = Buffer.from(headers["webhook-signature"].slice(3), "base64");
      const expected = createHmac("sha256", key)
        .update(`${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${body}`)
        .digest();
      if (signature.length !== expected.length || !timingSafeEqual(expected, signature))
        throw new Error("mismatch");
      return JSON.parse(body);
    },
    [NODE_VERIFY]: () => verifyOnNode(body, headers, secret),
    "@leap-workflows/node verifyWebhookSignature (signature only)": () =>
      verifySignatureOnNode(body, headers, secret),
    [RAW_WEB]: async () => {
      const signature = Uint8Array.from(atob(headers["webhook-signature"].slice(3)), (c) => c.charCodeAt(0));
      const data = encoder.encode(`${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${body}`);
      if (!(await crypto.subtle.verify("HMAC", cryptoKey, signature, data))) throw new Error("mismatch");
      return JSON.parse(body);
    },
    [EDGE_VERIFY]: () => verifyOnEdge({ body, headers }, secret),
    "@leap-workflows/edge verifyWebhookSignature (signature only)": () =>
      verifySignatureOnEdge({ body, headers }, secret),
    "svix Webhook.verify (standardwebhooks, pure-JS fast-sha256)": () => svix.verify(body, headers),
  };
  const names = Object.keys(contenders);
  for (const name of names) await opsPerSecond(contenders[name], 200); // warm up (JIT, key import)
  const rounds = [];
  for (let round = 0; round < ROUNDS; round++) {
    const results = {};
    for (let offset = 0; offset < names.length; offset++) {
      const name = names[(offset + round) % names.length];
      results[name] = await opsPerSecond(contenders[name]);
    }
    rounds.push(results);
  }
  log(`  ${ROUNDS} rounds done`);
  const ratioOf = (name, baseline) => {
    const values = rounds.map((round) => round[name] / round[baseline]).sort((a, b) => a - b);
    return { median: median(values), min: quantile(values, 0.25), max: quantile(values, 0.75) };
  };
  const ratio = (name, baseline) => {
    const { median: middle, min, max } = ratioOf(name, baseline);
    return `${fixed(middle)}x (${fixed(min)}–${fixed(max)})`;
  };
  const aim = (what, result) => ({
    aim: `${what}: at least 0.90x`,
    measured: `${fixed(result.median)}x (rounds p25–p75 ${fixed(result.min)}–${fixed(result.max)})`,
    met: result.median >= 0.9,
  });
  const aims = [
    aim("node `verifyWebhook` vs raw node:crypto", ratioOf(NODE_VERIFY, RAW_NODE)),
    aim("edge `verifyWebhook` vs raw Web Crypto", ratioOf(EDGE_VERIFY, RAW_WEB)),
  ];
  const markdown = table(
    ["verifier", "verifications/s", "vs raw node:crypto", "vs raw Web Crypto"],
    names.map((name) => [
      name,
      fixed(median(rounds.map((round) => round[name])), 0),
      ratio(name, RAW_NODE),
      ratio(name, RAW_WEB),
    ]),
  );
  return { markdown, aims };
}
