// Per-request cost measured the stricter way: each client alone in its own fresh process (no other client's
// code, pools or JIT state beside it), timed against its raw baseline (raw fetch for edge/core, raw
// `undici.request` for node) in alternating blocks, with the ratio taken within the process. Started by
// requests.mjs; this file is also the child's entry (LEAP_BENCH_ISOLATED holds its job).
import { fork } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { fixed, median, quantile, table } from "./stats.mjs";

const KEY = "leap_bench_key";
const RUN_PARAMS = { workflow_id: "wkf_123", inputs: { foo: "bar" } };

export const FULL = { processes: 3, warmup: 500, pairs: 20, block: 100 };
export const QUICK = { processes: 1, warmup: 300, pairs: 8, block: 60 };

/** The two contenders of one process: [baseline, client], each a zero-argument call. */
async function contenders(client, method, url) {
  const get = `${url}/v1/runs/rnp_1`;
  const post = `${url}/v1/runs`;
  const headers = { "x-api-key": KEY };
  const postHeaders = { "x-api-key": KEY, "content-type": "application/json" };
  const options = { apiKey: KEY, baseUrl: url, maxRetries: 0 };
  if (client === "node") {
    const { Agent, request } = await import("undici");
    // Same pool size as the node client's default, so the two differ only by the client.
    const agent = new Agent({ connections: 64, keepAliveTimeout: 60_000 });
    const { Workflows } = await import("@leap-workflows/node");
    const leap = new Workflows(options);
    return method === "GET"
      ? [
          async () => (await request(get, { headers, dispatcher: agent })).body.json(),
          () => leap.runs.retrieve("rnp_1"),
        ]
      : [
          async () =>
            (
              await request(post, {
                method: "POST",
                headers: postHeaders,
                body: JSON.stringify(RUN_PARAMS),
                dispatcher: agent,
              })
            ).body.json(),
          () => leap.runs.create(RUN_PARAMS),
        ];
  }
  const { Workflows } = await import("@leap-workflows/edge");
  const leap = new Workflows(options);
  return method === "GET"
    ? [async () => (await fetch(get, { headers })).json(), () => leap.runs.retrieve("rnp_1")]
    : [
        async () =>
          (
            await fetch(post, { method: "POST", headers: postHeaders, body: JSON.stringify(RUN_PARAMS) })
          ).json(),
        () => leap.runs.create(RUN_PARAMS),
      ];
}

/** Times `count` sequential calls; returns their latencies (ms) and the process's CPU time over them (µs). */
async function block(call, count) {
  const times = new Float64Array(count);
  const cpu = process.cpuUsage();
  for (let index = 0; index < count; index++) {
    const start = performance.now();
    await call();
    times[index] = performance.now() - start;
  }
  const used = process.cpuUsage(cpu);
  return { times, cpu: used.user + used.system };
}

/** The child: warm both up, then alternate blocks (ABBA order, so drift in the machine's load cancels out). */
async function child({ client, method, url, plan }) {
  const [baseline, ours] = await contenders(client, method, url);
  for (let index = 0; index < plan.warmup; index++) {
    await baseline();
    await ours();
  }
  const base = { times: [], cpus: [], medians: [] };
  const mine = { times: [], cpus: [], medians: [] };
  for (let pair = 0; pair < plan.pairs; pair++) {
    const order = pair % 2 === 0 ? [base, mine] : [mine, base];
    for (const side of order) {
      const result = await block(side === base ? baseline : ours, plan.block);
      side.times.push(...result.times);
      side.cpus.push(result.cpu / plan.block);
      side.medians.push(median(result.times));
    }
  }
  // CPU per request: the median over a side's blocks (a block hit by another process's burst is an outlier).
  const summary = (side) => {
    const sorted = Float64Array.from(side.times).sort();
    return {
      median: quantile(sorted, 0.5) * 1000,
      p99: quantile(sorted, 0.99) * 1000,
      cpu: median(side.cpus),
    };
  };
  // The ratio of the two blocks of each pair (measured back to back), then the median over pairs.
  const blockRatio = median(base.medians.map((value, index) => mine.medians[index] / value));
  return { baseline: summary(base), client: summary(mine), blockRatio };
}

function runChild(job) {
  return new Promise((resolve, reject) => {
    const process_ = fork(new URL(import.meta.url), [], {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      env: { ...process.env, LEAP_BENCH_ISOLATED: JSON.stringify(job) },
    });
    let result;
    process_.once("message", (message) => {
      result = message;
    });
    process_.once("exit", (code) =>
      code === 0 && result ? resolve(result) : reject(new Error(`isolated child exited with ${code}`)),
    );
  });
}

const CASES = [
  { client: "node", method: "GET", label: "@leap-workflows/node (undici)", baseline: "raw undici.request" },
  { client: "node", method: "POST", label: "@leap-workflows/node (undici)", baseline: "raw undici.request" },
  {
    client: "edge",
    method: "GET",
    label: "@leap-workflows/edge = core (global fetch)",
    baseline: "raw fetch",
  },
  {
    client: "edge",
    method: "POST",
    label: "@leap-workflows/edge = core (global fetch)",
    baseline: "raw fetch",
  },
];

const LIMITS = { node: 1.25, edge: 1.1 };

export const describeIsolated = (plan) =>
  `Each client alone in its own fresh process (${plan.processes} process${plan.processes === 1 ? "" : "es"} per client and method, one after another): after ${plan.warmup} warm-up calls of each, ${plan.pairs} pairs of blocks of ${plan.block} sequential calls alternate between the raw baseline (raw \`undici.request\` for node, raw fetch for edge/core) and the client, in ABBA order. "latency ratio" is the client's median latency over the baseline's, taken within each process (the median over processes, with their range in brackets); "block ratio" is the median over pairs of the ratio of two back-to-back blocks' medians (robust to load drifting during the process). CPU per request is the process's user + system CPU time over a block divided by its calls, the median over a side's blocks (it includes the HTTP stack's share, not the server's, which runs in its own process).`;

/** Runs every case in `plan.processes` fresh processes each; returns the Markdown table and the aims. */
export async function benchIsolated(url, plan, log) {
  const loadBefore = loadavg();
  const results = new Map(CASES.map((item) => [item, []]));
  for (let round = 0; round < plan.processes; round++) {
    for (const item of CASES) {
      results.get(item).push(await runChild({ client: item.client, method: item.method, url, plan }));
    }
    log(`  isolated: process round ${round + 1}/${plan.processes} done`);
  }
  const range = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    return `${fixed(median(sorted))}x (${fixed(sorted[0])}–${fixed(sorted.at(-1))})`;
  };
  const rows = [];
  const aims = [];
  for (const item of CASES) {
    const runs = results.get(item);
    const pick = (side, field) => median(runs.map((run) => run[side][field]));
    const latency = runs.map((run) => run.client.median / run.baseline.median);
    const blocks = runs.map((run) => run.blockRatio);
    const cpu = runs.map((run) => run.client.cpu / run.baseline.cpu);
    rows.push([
      `${item.method} ${item.label}`,
      `${fixed(pick("client", "median"), 0)} vs ${fixed(pick("baseline", "median"), 0)}`,
      `${fixed(pick("client", "p99"), 0)} vs ${fixed(pick("baseline", "p99"), 0)}`,
      `${fixed(pick("client", "cpu"), 0)} vs ${fixed(pick("baseline", "cpu"), 0)}`,
      `${item.baseline}`,
      range(latency),
      range(blocks),
      range(cpu),
    ]);
    const limit = LIMITS[item.client];
    const measured = median(latency);
    aims.push({
      aim: `${item.client === "node" ? "node vs raw `undici.request`" : "edge/core vs raw fetch"}, ${item.method}, isolated processes: median latency at most ${fixed(limit)}x`,
      measured: `${fixed(measured)}x (block ratio ${fixed(median(blocks))}x)`,
      met: measured <= limit,
    });
  }
  const load = (values) => values.map((value) => fixed(value, 1)).join(" / ");
  const loadLine = `Load average (1 / 5 / 15 min) during these processes: ${load(loadBefore)} at the start, ${load(loadavg())} at the end, on ${cpus().length} cores shared with other work: absolute numbers move with it, the ratios less so.`;
  return {
    markdown: `${loadLine}\n\n${table(
      [
        "call, client",
        "median µs (client vs baseline)",
        "p99 µs",
        "CPU µs per request",
        "baseline",
        "latency ratio",
        "block ratio",
        "CPU ratio",
      ],
      rows,
    )}`,
    aims,
  };
}

const job = process.env.LEAP_BENCH_ISOLATED;
if (job && process.send) {
  const result = await child(JSON.parse(job));
  process.send(result, () => process.exit(0));
}
