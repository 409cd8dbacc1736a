// The dev server's throughput with its SQLite store on disk (runs created and webhooks delivered per
// second), and its latency as the store grows. The server runs in a SEPARATE process (this file,
// forked), so the load generator and the webhook receiver do not share its event loop.
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixed, quantile, table } from "./stats.mjs";

const RUNS = 3_000;
const IN_FLIGHT = 64;
const GROWTH_STEPS = [1_000, 10_000, 100_000];
const API_FILL_LIMIT = 10_000; // beyond this, the API only when fast enough (see describeStoreGrowth)
const API_FILL_BUDGET_S = 45;
const SAMPLES = 300;

/**
 * Forks a dev server on `data` (a fresh SQLite folder in os.tmpdir() by default); resolves with its URL,
 * how long it took to start, and `stop({ keep })`.
 */
async function startDevServer(data = mkdtempSync(join(tmpdir(), "leap-bench-"))) {
  const begin = performance.now();
  const child = fork(new URL(import.meta.url), [], {
    stdio: "inherit",
    env: { ...process.env, LEAP_BENCH_DEV_SERVER: data },
  });
  const { url } = await new Promise((resolve, reject) => {
    child.once("message", resolve);
    child.once("exit", (code) => reject(new Error(`dev server exited with ${code}`)));
  });
  return {
    url,
    data,
    startMs: performance.now() - begin,
    stop: async ({ keep = false } = {}) => {
      await new Promise((resolve) => {
        child.once("exit", resolve);
        child.kill("SIGTERM");
      });
      if (!keep) rmSync(data, { recursive: true, force: true });
    },
  };
}

async function serveDevServer(data) {
  const { createDevServer } = await import("@leap-workflows/dev-server");
  const server = await createDevServer({ data, concurrency: 64 });
  process.on("SIGTERM", async () => {
    await server.close();
    process.exit(0);
  });
  process.send({ url: server.url });
}

/** A webhook receiver that counts deliveries and remembers when the first and the last arrived. */
async function receiver(expected) {
  const times = [];
  let done;
  const finished = new Promise((resolve) => {
    done = resolve;
  });
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      response.writeHead(204).end();
      times.push(performance.now());
      if (times.length === expected) done();
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/hook`,
    finished,
    times,
    close: () => server.close(),
  };
}

async function parallel(total, work) {
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < total) await work(next++);
    }),
  );
}

async function client(url) {
  const { Workflows } = await import("@leap-workflows/node");
  return new Workflows({ apiKey: "leap_dev_key", baseUrl: url });
}

export const describeDevServer = `\`createDevServer({ data: <fresh folder in os.tmpdir()>, concurrency: 64 })\` (SQLite on disk) in a separate process. ${RUNS.toLocaleString("en")} runs of the built-in \`wkf_echo\` are created through \`@leap-workflows/node\` with ${IN_FLIGHT} in flight, each with a \`webhook_url\` pointing at a local \`node:http\` receiver that answers 204 (no verification, so the number is the server's).`;

export async function benchDevServer(log) {
  const hook = await receiver(RUNS);
  const server = await startDevServer();
  try {
    const leap = await client(server.url);
    const start = performance.now();
    await parallel(RUNS, () =>
      leap.run({ workflow_id: "wkf_echo", inputs: { n: 1 }, webhook_url: hook.url }),
    );
    const created = performance.now();
    log(`  ${RUNS} runs created`);
    await hook.finished;
    const first = hook.times[0];
    const last = hook.times.at(-1);
    return table(
      ["dev server (SQLite on disk)", "result"],
      [
        [
          "runs created per second (POST /v1/runs, 64 in flight)",
          fixed(RUNS / ((created - start) / 1000), 0),
        ],
        ["webhooks delivered per second (first to last received)", fixed(RUNS / ((last - first) / 1000), 0)],
        [
          `all ${RUNS.toLocaleString("en")} created and delivered, per second overall`,
          fixed(RUNS / ((last - start) / 1000), 0),
        ],
        ["last webhook after the last create", `${fixed((last - created) / 1000, 2)} s`],
      ],
    );
  } finally {
    await server.stop();
    hook.close();
  }
}

export const describeStoreGrowth = `A fresh dev server (SQLite on disk, separate process) grows to ${GROWTH_STEPS.map((n) => n.toLocaleString("en")).join(", ")} runs. Up to ${API_FILL_LIMIT.toLocaleString("en")} runs it is filled THROUGH THE API (\`POST /v1/runs\` of \`wkf_echo\` via \`@leap-workflows/node\`, ${IN_FLIGHT} in flight; the insert rate is reported). Beyond that, it goes on through the API when the rate just measured would fill the rest within ${API_FILL_BUDGET_S} s; otherwise (a loaded machine can take minutes) the server is stopped (SIGTERM), the missing runs are copied IN SQL into its SQLite file (clones of a completed API-made run with fresh \`rnp_\` ids, one transaction, with the same better-sqlite3 the dev server uses), and the server is restarted on that folder (its start time is reported). The "filled by" column says which happened. At each size, once the last inserted run has completed, ${SAMPLES} sequential \`GET /v1/runs/{id}\` of random existing runs and ${SAMPLES} sequential \`POST /v1/runs\` are timed.`;

function summarize(times) {
  const sorted = Float64Array.from(times).sort();
  return [fixed(quantile(sorted, 0.5) * 1000, 0), fixed(quantile(sorted, 0.99) * 1000, 0)];
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const newRunId = () => `rnp_${Array.from(randomBytes(15), (byte) => ALPHABET[byte % 62]).join("")}`;

/** Copies a completed run `count` times into the stopped server's SQLite file; returns the new ids. */
function copyRunsInSql(data, count) {
  // The dev server's own better-sqlite3, so the file is written by the same SQLite it reads with.
  const requireFromDevServer = createRequire(import.meta.resolve("@leap-workflows/dev-server"));
  const Database = requireFromDevServer("better-sqlite3");
  const db = new Database(join(data, "leap-dev.sqlite"));
  try {
    const columns = db
      .prepare("PRAGMA table_info(runs)")
      .all()
      .map((column) => column.name);
    const template = db.prepare("SELECT * FROM runs WHERE status = 'completed' LIMIT 1").get();
    const insert = db.prepare(
      `INSERT INTO runs (${columns.join(", ")}) VALUES (${columns.map((name) => `@${name}`).join(", ")})`,
    );
    const ids = [];
    db.transaction(() => {
      for (let index = 0; index < count; index++) {
        const id = newRunId();
        insert.run({ ...template, id, idempotency_key: null, request_fingerprint: null });
        ids.push(id);
      }
    })();
    return ids;
  } finally {
    db.close();
  }
}

export async function benchStoreGrowth(log) {
  let server = await startDevServer();
  try {
    let leap = await client(server.url);
    const ids = [];
    const rows = [];
    let apiRate = 0;
    for (const target of GROWTH_STEPS) {
      const missing = target - ids.length - SAMPLES;
      let how;
      if (target <= API_FILL_LIMIT || missing / apiRate <= API_FILL_BUDGET_S) {
        const start = performance.now();
        await parallel(missing, async () => ids.push((await leap.run({ workflow_id: "wkf_echo" })).id));
        apiRate = missing / ((performance.now() - start) / 1000);
        how = `API, ${fixed(apiRate, 0)} inserts/s`;
      } else {
        await server.stop({ keep: true });
        const start = performance.now();
        ids.push(...copyRunsInSql(server.data, missing));
        const copySeconds = (performance.now() - start) / 1000;
        server = await startDevServer(server.data);
        leap = await client(server.url);
        how = `SQL copy (${fixed(copySeconds, 1)} s), restart ${fixed(server.startMs, 0)} ms`;
      }
      // Let the background work of the fill (running the workflows) finish before timing anything.
      await leap.runs.wait(ids.at(-1), { initialInterval: 50, maxInterval: 200 });
      const posts = [];
      for (let index = 0; index < SAMPLES; index++) {
        const begin = performance.now();
        ids.push((await leap.run({ workflow_id: "wkf_echo" })).id);
        posts.push(performance.now() - begin);
      }
      const gets = [];
      for (let index = 0; index < SAMPLES; index++) {
        const id = ids[Math.floor(Math.random() * ids.length)];
        const begin = performance.now();
        await leap.runs.retrieve(id);
        gets.push(performance.now() - begin);
      }
      rows.push([ids.length.toLocaleString("en"), how, ...summarize(gets), ...summarize(posts)]);
      log(`  ${ids.length} runs`);
    }
    return table(
      ["runs in the store", "filled by", "GET median µs", "GET p99 µs", "POST median µs", "POST p99 µs"],
      rows,
    );
  } finally {
    await server.stop();
  }
}

const role = process.env.LEAP_BENCH_DEV_SERVER;
if (role && process.send) await serveDevServer(role);
