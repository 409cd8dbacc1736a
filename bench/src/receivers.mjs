// Webhook receivers at scale: what the id store adds to each delivery's handling, over loopback HTTP.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateWebhookSecret } from "@leap-workflows/core";
import { createMemoryIdStore, postgresIdStore, redisIdStore, webhookHandler } from "@leap-workflows/node";
import { createWebhookHeaders } from "@leap-workflows/node/testing";
import { Redis } from "ioredis";
import pg from "pg";
import postgres from "postgres";
import { createClient } from "redis";
import { Agent, request } from "undici";
import { startPostgres } from "./postgres-server.mjs";
import { fixed, quantile, table } from "./stats.mjs";
import { realisticRunBody } from "./webhooks.mjs";

const ROUNDS = 20;
const PER_ROUND = 100;

const body = realisticRunBody();

export const describeReceivers = `The node \`webhookHandler\` behind node:http, one signed delivery at a time over a keep-alive loopback connection (each with a new \`webhook-id\`, so every one is claimed, processed and completed), with no id store, the in-memory store, \`redisIdStore\` on a local redis-server (node-redis and ioredis) and \`postgresIdStore\` on a local PostgreSQL server (pg and postgres.js, durability off), both over TCP loopback. ${ROUNDS} rounds of ${PER_ROUND} deliveries per store, stores rotated each round; latency is the client's round trip in ms. "Added" is the store's p50 minus the no-store p50: the claim and the complete (two round trips to the store). The machine is shared and loaded, so the tail (p99) wanders.`;

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function startRedis() {
  const dir = mkdtempSync(join(tmpdir(), "leap-bench-redis-"));
  const port = await freePort();
  const args = [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    dir,
  ];
  const child = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
  await new Promise((resolve, reject) => {
    let seen = "";
    const onData = (chunk) => {
      seen += chunk;
      if (/ready to accept connections/i.test(seen)) resolve();
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("error", () => reject(new Error("redis-server not found: apt-get install redis-server")));
    child.once("exit", (code) => reject(new Error(`redis-server exited with ${code}:\n${seen}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop() {
      child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function benchReceivers(log) {
  const secret = generateWebhookSecret();
  const redis = await startRedis();
  const nodeRedis = await createClient({ url: redis.url }).connect();
  const ioredis = new Redis(redis.url);
  const database = await startPostgres(await freePort());
  const pgPool = new pg.Pool({ connectionString: database.url });
  const sql = postgres(database.url, { onnotice: () => {} });
  const onRun = () => {};
  const stores = [
    ["no id store (`dedupe: false`)", false],
    ["in-memory (default)", createMemoryIdStore()],
    ["Redis, node-redis", redisIdStore({ client: nodeRedis })],
    ["Redis, ioredis", redisIdStore({ client: ioredis })],
    ["PostgreSQL, pg", postgresIdStore({ client: pgPool })],
    ["PostgreSQL, postgres.js", postgresIdStore({ client: sql })],
  ];
  const handlers = stores.map(([, dedupe]) => webhookHandler(secret, onRun, { dedupe }));
  const server = createServer((req, res) => handlers[Number(req.url?.slice(1))]?.(req, res));
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const agent = new Agent({ connections: 1, keepAliveTimeout: 60_000 });
  const samples = stores.map(() => []);
  let sequence = 0;
  const post = async (index, record) => {
    const headers = await createWebhookHeaders({ secret, body, id: `msg_bench_${sequence++}` });
    const start = performance.now();
    const response = await request(`${base}/${index}`, { method: "POST", body, headers, dispatcher: agent });
    await response.body.text();
    if (response.statusCode !== 200) throw new Error(`bench delivery answered ${response.statusCode}`);
    if (record) samples[index].push(performance.now() - start);
  };
  try {
    for (let index = 0; index < stores.length; index++) for (let n = 0; n < 50; n++) await post(index, false);
    for (let round = 0; round < ROUNDS; round++) {
      for (let offset = 0; offset < stores.length; offset++) {
        const index = (round + offset) % stores.length;
        for (let n = 0; n < PER_ROUND; n++) await post(index, true);
      }
    }
  } finally {
    await agent.close();
    server.close();
    nodeRedis.destroy();
    ioredis.disconnect();
    redis.stop();
    await pgPool.end();
    await sql.end();
    await database.stop();
  }
  const sorted = samples.map((values) => [...values].sort((a, b) => a - b));
  const baseline = quantile(sorted[0], 0.5);
  const rows = stores.map(([name], index) => {
    const p50 = quantile(sorted[index], 0.5);
    return [
      name,
      fixed(p50, 3),
      fixed(quantile(sorted[index], 0.99), 3),
      index === 0 ? "–" : `+${fixed(p50 - baseline, 3)}`,
    ];
  });
  log(`receivers: ${samples[0].length} deliveries per store`);
  return table(["id store", "p50 ms", "p99 ms", "added p50 ms"], rows);
}
