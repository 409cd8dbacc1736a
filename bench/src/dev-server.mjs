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
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fixed, quantile, table } from "./stats.mjs";

const RUNS = 5_000;
const IN_FLIGHT = 64;
const BARE_ROUNDS = 3;
const BARE_REQUESTS = 4_000;
const BULK_ROWS = 100_000;
const GROWTH_STEPS = [1_000, 10_000, 100_000];
const API_FILL_LIMIT = 10_000; // beyond this, the API only when fast enough (see describeStoreGrowth)
const API_FILL_BUDGET_S = 45;
const SAMPLES = 300;
// The forked role (LEAP_BENCH_DEV_SERVER) of the bare baseline server; any other value is a data folder.
const BARE = ":bare-node-http:";
// The figures before the dev server yielded, batched and group-committed (measured on 2026-11-28 on the same
// 2-core machine, load average 1.8), shown beside this run's.
const BEFORE = {
  created: "700",
  delivered: "740",
  overall: "694",
  devRate: "3,565",
  bareRate: "17,096",
  ratio: "0.21x",
  bulkGet: "none for 19–57 s",
};

/**
 * Forks a dev server on `data` (a fresh SQLite folder in os.tmpdir() by default); resolves with its URL,
 * how long it took to start, `rss()` (its resident set size in MB, asked over IPC) and `stop({ keep })`.
 */
export async function startDevServer(
  data = mkdtempSync(join(tmpdir(), "leap-bench-")),
  { maxBulkRows = BULK_ROWS } = {},
) {
  const begin = performance.now();
  const child = fork(new URL(import.meta.url), [], {
    stdio: "inherit",
    env: { ...process.env, LEAP_BENCH_DEV_SERVER: data, LEAP_BENCH_MAX_BULK_ROWS: String(maxBulkRows) },
  });
  // Replies over IPC carry the name of what was asked, so concurrent questions get their own answers.
  const ask = (question) =>
    new Promise((resolve) => {
      const listen = (message) => {
        if (!(question in message)) return;
        child.off("message", listen);
        resolve(message[question]);
      };
      child.on("message", listen);
      child.send(question);
    });
  const { url } = await new Promise((resolve, reject) => {
    child.once("message", resolve);
    child.once("exit", (code) => reject(new Error(`dev server exited with ${code}`)));
  });
  return {
    url,
    data,
    startMs: performance.now() - begin,
    rss: async () => (await ask("rss")) / 2 ** 20,
    /**
     * The server's longest event-loop delay (`wall`, ms) and the most CPU time it used in one turn (`cpu`,
     * ms) since the last call; restarts both.
     */
    longestStall: () => ask("stall"),
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
  // The row cap set explicitly: the bench's bulk runs must be allowed whatever the default is.
  const maxBulkRows = Number(process.env.LEAP_BENCH_MAX_BULK_ROWS);
  const server = await createDevServer({ data, concurrency: 64, maxBulkRows });
  process.on("SIGTERM", async () => {
    await server.close();
    process.exit(0);
  });
  const delays = monitorEventLoopDelay({ resolution: 10 });
  delays.enable();
  // The most CPU time the process used between two ticks of a 5 ms timer: the server's own work in its
  // longest turn, apart from the time a loaded machine gave its cores to other processes.
  let busiest = 0;
  let lastCpu = process.cpuUsage();
  setInterval(() => {
    const cpu = process.cpuUsage(lastCpu);
    lastCpu = process.cpuUsage();
    busiest = Math.max(busiest, (cpu.user + cpu.system) / 1000);
  }, 5).unref();
  process.on("message", (question) => {
    if (question === "stall") {
      process.send({ stall: { wall: delays.max / 1e6, cpu: busiest } });
      delays.reset();
      busiest = 0;
    } else process.send({ rss: process.memoryUsage().rss });
  });
  process.send({ url: server.url });
}

/** The baseline: a bare node:http server that parses the JSON body and answers a run made from it. */
function serveBare() {
  let count = 0;
  const server = createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      const now = new Date().toISOString();
      const run = JSON.stringify({
        id: `rnp_${String(++count).padStart(15, "0")}`,
        version_id: "vsp_1",
        status: "running",
        created_at: now,
        started_at: now,
        ended_at: null,
        workflow_id: body.workflow_id,
        error: null,
        input: body.inputs ?? {},
        output: null,
      });
      response.writeHead(201, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(run),
      });
      response.end(run);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => process.send({ url: `http://127.0.0.1:${server.address().port}` }));
}

async function startBare() {
  const child = fork(new URL(import.meta.url), [], {
    stdio: "inherit",
    env: { ...process.env, LEAP_BENCH_DEV_SERVER: BARE },
  });
  const { url } = await new Promise((resolve) => child.once("message", resolve));
  return { url, stop: () => new Promise((resolve) => child.once("exit", resolve).kill("SIGTERM")) };
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

export async function client(url) {
  const { Workflows } = await import("@leap-workflows/node");
  return new Workflows({ apiKey: "leap_dev_key", baseUrl: url });
}

/** Requests per second of `POST /v1/runs` (wkf_echo, no webhook) with IN_FLIGHT in flight. */
async function createRate(url, total) {
  const leap = await client(url);
  await parallel(200, () => leap.run({ workflow_id: "wkf_echo", inputs: { n: 1 } })); // warm-up
  const start = performance.now();
  await parallel(total, () => leap.run({ workflow_id: "wkf_echo", inputs: { n: 1 } }));
  return total / ((performance.now() - start) / 1000);
}

export const describeDevServer = `\`createDevServer({ data: <fresh folder in os.tmpdir()>, concurrency: 64 })\` (SQLite on disk, WAL, synchronous=NORMAL) in a separate process. **End to end:** ${RUNS.toLocaleString("en")} runs of the built-in \`wkf_echo\` are created through \`@leap-workflows/node\` by ${IN_FLIGHT} concurrent clients, each with a \`webhook_url\` pointing at a local \`node:http\` receiver that answers 204 (no verification, so the number is the server's); the clock stops at the last webhook received. Every \`200\` is sent only after the run's COMMIT (creates arriving in the same event-loop turn share one transaction, "group commit"): with WAL, a committed transaction is in the WAL file through write(2), so it survives a killed process (SIGKILL, crash) even with synchronous=NORMAL; only a power cut or a kernel crash could lose the last commits, which synchronous=FULL (an fsync per commit) would also cover. **Without webhooks, against a bare server:** ${BARE_ROUNDS} rounds, alternating, of ${BARE_REQUESTS.toLocaleString("en")} \`POST /v1/runs\` (${IN_FLIGHT} in flight, same client) to the dev server and to a bare \`node:http\` server in a separate process that parses the JSON body and answers a run made from it (no validation, no storage); before the first round the bare server gets the same ${RUNS.toLocaleString("en")} untimed requests the dev server has just served end to end, so both are measured warm; the ratio is the median of the per-round ratios. The "before" column: the same measurements before the dev server batched its work and group-committed its writes (2026-11-28, load average 1.8, 3,000 runs). Aims: at least 2,000 runs/s end to end; at least 0.5x the bare server.`;

export async function benchDevServer(log) {
  const hook = await receiver(RUNS);
  const server = await startDevServer();
  const bare = await startBare();
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
    const overall = RUNS / ((last - start) / 1000);

    // The dev server has just served RUNS creates; the bare server gets as many, untimed, so that neither
    // is measured while its JIT is still warming up (round 1 used to find the bare server cold).
    await createRate(bare.url, RUNS);
    const rounds = [];
    for (let round = 0; round < BARE_ROUNDS; round++) {
      // Alternating which goes first, so a burst of load from elsewhere does not always hit the same one.
      const order = round % 2 === 0 ? ["dev", "bare"] : ["bare", "dev"];
      const rates = {};
      for (const which of order)
        rates[which] = await createRate(which === "dev" ? server.url : bare.url, BARE_REQUESTS);
      rounds.push(rates);
      log(
        `  round ${round + 1}: dev server ${fixed(rates.dev, 0)} req/s, bare ${fixed(rates.bare, 0)} req/s`,
      );
    }
    const ratios = rounds.map((rates) => rates.dev / rates.bare).sort((a, b) => a - b);
    const ratio = quantile(ratios, 0.5);
    const devRate = quantile(
      rounds.map((rates) => rates.dev).sort((a, b) => a - b),
      0.5,
    );
    const bareRate = quantile(
      rounds.map((rates) => rates.bare).sort((a, b) => a - b),
      0.5,
    );
    const markdown = table(
      ["dev server (SQLite on disk)", "result", "before"],
      [
        [
          "runs created per second (POST /v1/runs with webhook_url, 64 in flight)",
          fixed(RUNS / ((created - start) / 1000), 0),
          BEFORE.created,
        ],
        [
          "webhooks delivered per second (first to last received)",
          fixed(RUNS / ((last - first) / 1000), 0),
          BEFORE.delivered,
        ],
        [
          `all ${RUNS.toLocaleString("en")} created and delivered, per second overall`,
          fixed(overall, 0),
          BEFORE.overall,
        ],
        ["last webhook after the last create", `${fixed((last - created) / 1000, 2)} s`, "0.04 s"],
        [
          "POST /v1/runs without webhook, dev server, req/s (median of rounds)",
          fixed(devRate, 0),
          BEFORE.devRate,
        ],
        [
          "POST /v1/runs, bare node:http server parsing the JSON, req/s (median of rounds)",
          fixed(bareRate, 0),
          BEFORE.bareRate,
        ],
        [
          "dev server vs bare server (median of per-round ratios)",
          `${fixed(ratio, 2)}x (${fixed(ratios[0], 2)}–${fixed(ratios.at(-1), 2)})`,
          BEFORE.ratio,
        ],
      ],
    );
    return {
      markdown,
      aims: [
        {
          aim: "runs created with webhook_url and all delivered, 64 clients: at least 2,000/s",
          measured: `${fixed(overall, 0)}/s`,
          met: overall >= 2_000,
        },
        {
          aim: "POST /v1/runs without webhooks vs a bare node:http server: at least 0.5x",
          measured: `${fixed(ratio, 2)}x`,
          met: ratio >= 0.5,
        },
      ],
    };
  } finally {
    await server.stop();
    await bare.stop();
    hook.close();
  }
}

export const describeBulkLoad = `A fresh dev server (as above, \`maxBulkRows: ${BULK_ROWS.toLocaleString("en")}\` set explicitly) gets one bulk run of ${BULK_ROWS.toLocaleString("en")} rows of \`wkf_echo\`, its CSV served by a \`node:http\` server in the bench process. From the \`POST /v1/runs/bulk\` until the bulk run is \`completed\`, one client sends sequential \`GET /v1/runs/{id}\` of an existing run (and a \`GET /v1/runs/bulk/{id}\` every 20 requests to see the end). "rows/s" is the row count over the time from the POST to \`completed\` (reading the CSV, storing the rows, running them, writing the output CSV). The server's RSS is asked over IPC every 250 ms. Aims: GET p99 at most 50 ms during the bulk run; at least 10,000 rows/s.`;

export async function benchBulkLoad(log) {
  const csv = `n\n${Array.from({ length: BULK_ROWS }, (_, index) => index).join("\n")}\n`;
  const files = createServer((_, response) =>
    response.writeHead(200, { "content-type": "text/csv" }).end(csv),
  );
  await new Promise((resolve) => files.listen(0, "127.0.0.1", resolve));
  const server = await startDevServer();
  try {
    const leap = await client(server.url);
    const probe = await leap.runAndWait(
      { workflow_id: "wkf_echo", inputs: { probe: true } },
      { initialInterval: 10 },
    );
    const rssBefore = await server.rss();
    let rssPeak = rssBefore;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        rssPeak = Math.max(rssPeak, await server.rss());
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    const start = performance.now();
    const bulk = await leap.bulkRuns.create({
      workflow_id: "wkf_echo",
      input_csv_url: `http://127.0.0.1:${files.address().port}/rows.csv`,
    });
    const latencies = [];
    let status = bulk.status;
    while (status === "running" || status === "queued") {
      const begin = performance.now();
      await leap.runs.retrieve(probe.id);
      latencies.push(performance.now() - begin);
      if (latencies.length % 20 === 0) status = (await leap.bulkRuns.retrieve(bulk.id)).status;
    }
    const seconds = (performance.now() - start) / 1000;
    sampling = false;
    await sampler;
    const rssAfter = await server.rss();
    log(`  bulk run ${status} in ${fixed(seconds, 1)} s, ${latencies.length} GETs`);
    const sorted = Float64Array.from(latencies).sort();
    const p99 = quantile(sorted, 0.99);
    const rate = BULK_ROWS / seconds;
    const markdown = table(
      ["during a bulk run of 100,000 rows", "result", "before"],
      [
        ["bulk run final status", status, "completed"],
        ["rows/s (POST to completed)", fixed(rate, 0), "not measured"],
        ["GET /v1/runs/{id} answered during it", String(latencies.length), BEFORE.bulkGet],
        ["GET median ms", fixed(quantile(sorted, 0.5), 1), ""],
        ["GET p99 ms", fixed(p99, 1), ""],
        ["GET max ms", fixed(sorted.at(-1), 1), ""],
        [
          "server RSS MB: before / peak during / after",
          `${fixed(rssBefore, 0)} / ${fixed(rssPeak, 0)} / ${fixed(rssAfter, 0)}`,
          "not measured",
        ],
      ],
    );
    return {
      markdown,
      aims: [
        {
          aim: "GET /v1/runs/{id} p99 during a 100,000-row bulk run: at most 50 ms",
          measured: `${fixed(p99, 1)} ms`,
          met: p99 <= 50,
        },
        {
          aim: "100,000-row bulk run: at least 10,000 rows/s",
          measured: `${fixed(rate, 0)} rows/s`,
          met: rate >= 10_000,
        },
      ],
    };
  } finally {
    await server.stop();
    files.close();
  }
}

export const describeStoreGrowth = `A fresh dev server (SQLite on disk, separate process) grows to ${GROWTH_STEPS.map((n) => n.toLocaleString("en")).join(", ")} runs. Up to ${API_FILL_LIMIT.toLocaleString("en")} runs it is filled THROUGH THE API (\`POST /v1/runs\` of \`wkf_echo\` via \`@leap-workflows/node\`, ${IN_FLIGHT} in flight; the insert rate is reported). Beyond that, it goes on through the API when the rate just measured would fill the rest within ${API_FILL_BUDGET_S} s; otherwise (a loaded machine can take minutes) the server is stopped (SIGTERM), the missing runs are copied IN SQL into its SQLite file (clones of a completed API-made run with fresh \`rnp_\` ids, one transaction, with the same better-sqlite3 the dev server uses), and the server is restarted on that folder (its start time is reported). The "filled by" column says which happened. At each size, once the last inserted run has completed, ${SAMPLES} sequential \`GET /v1/runs/{id}\` of random existing runs and ${SAMPLES} sequential \`POST /v1/runs\` are timed, then the server's RSS is read (it should stay flat as the store grows: runs live in SQLite, not in memory).`;

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
      rows.push([
        ids.length.toLocaleString("en"),
        how,
        ...summarize(gets),
        ...summarize(posts),
        fixed(await server.rss(), 0),
      ]);
      log(`  ${ids.length} runs`);
    }
    return table(
      [
        "runs in the store",
        "filled by",
        "GET median µs",
        "GET p99 µs",
        "POST median µs",
        "POST p99 µs",
        "server RSS MB",
      ],
      rows,
    );
  } finally {
    await server.stop();
  }
}

const role = process.env.LEAP_BENCH_DEV_SERVER;
if (role === BARE && process.send) serveBare();
else if (role && process.send) await serveDevServer(role);
