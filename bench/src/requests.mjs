// Request overhead: our clients against raw fetch, raw undici.request and peer clients, against a
// server in a separate process on loopback. Every contender runs in every round, in a rotated order,
// and ratios are taken within a round before the median across rounds is reported.

import { loadavg } from "node:os";
import { pathToFileURL } from "node:url";
import { workflowRunSchema } from "@leap-workflows/core";
import { Workflows as EdgeWorkflows } from "@leap-workflows/edge";
import { Workflows as NodeWorkflows } from "@leap-workflows/node";
import ky from "ky";
import OpenAI from "openai";
import createClient from "openapi-fetch";
import Replicate from "replicate";
import { Agent, request } from "undici";
import { startFixtureServer } from "./fixture-server.mjs";
import { benchIsolated, describeIsolated, FULL, QUICK } from "./isolated.mjs";
import { fixed, median, quantile, table } from "./stats.mjs";

const WARMUP = 50;
const SEQUENTIAL = 300; // per contender and round
const BURST_MS = 500; // throughput burst per contender and round
const IN_FLIGHT = 64;
const ROUNDS = 5;
const KEY = "leap_bench_key";
const RUN_PARAMS = { workflow_id: "wkf_123", inputs: { foo: "bar" } };

export const RAW_FETCH = "raw fetch";
export const RAW_UNDICI = "raw undici.request";
const EDGE = "@leap-workflows/edge = core (global fetch)";
const NODE = "@leap-workflows/node (undici)";

function getContenders(url) {
  // Same pool size as the node client's default, so the two undici rows differ only by the client.
  const agent = new Agent({ connections: 64, keepAliveTimeout: 60_000 });
  const openapi = createClient({ baseUrl: url, headers: { "x-api-key": KEY } });
  const kyClient = ky.create({ baseUrl: `${url}/`, headers: { "x-api-key": KEY }, retry: 0 });
  const openai = new OpenAI({ apiKey: KEY, baseURL: `${url}/v1`, maxRetries: 0 });
  const replicate = new Replicate({ auth: KEY, baseUrl: `${url}/v1` });
  const options = { apiKey: KEY, baseUrl: url, maxRetries: 0 };
  const edge = new EdgeWorkflows(options);
  const node = new NodeWorkflows(options);
  return {
    [RAW_FETCH]: async () => (await fetch(`${url}/v1/runs/rnp_1`, { headers: { "x-api-key": KEY } })).json(),
    [RAW_UNDICI]: async () =>
      (
        await request(`${url}/v1/runs/rnp_1`, { headers: { "x-api-key": KEY }, dispatcher: agent })
      ).body.json(),
    [EDGE]: () => edge.runs.retrieve("rnp_1"),
    [NODE]: () => node.runs.retrieve("rnp_1"),
    "openapi-fetch (global fetch)": async () =>
      (await openapi.GET("/v1/runs/{id}", { params: { path: { id: "rnp_1" } } })).data,
    "ky (global fetch)": () => kyClient.get("v1/runs/rnp_1").json(),
    "openai (batches.retrieve, global fetch)": () => openai.batches.retrieve("rnp_1"),
    "replicate (predictions.get, global fetch)": () => replicate.predictions.get("rnp_1"),
  };
}

function postContenders(url) {
  const agent = new Agent({ connections: 64, keepAliveTimeout: 60_000 });
  const openapi = createClient({ baseUrl: url, headers: { "x-api-key": KEY } });
  const options = { apiKey: KEY, baseUrl: url, maxRetries: 0 };
  const edge = new EdgeWorkflows(options);
  const node = new NodeWorkflows(options);
  const headers = { "x-api-key": KEY, "content-type": "application/json" };
  return {
    [RAW_FETCH]: async () =>
      (await fetch(`${url}/v1/runs`, { method: "POST", headers, body: JSON.stringify(RUN_PARAMS) })).json(),
    [RAW_UNDICI]: async () =>
      (
        await request(`${url}/v1/runs`, {
          method: "POST",
          headers,
          body: JSON.stringify(RUN_PARAMS),
          dispatcher: agent,
        })
      ).body.json(),
    [EDGE]: () => edge.runs.create(RUN_PARAMS),
    [NODE]: () => node.runs.create(RUN_PARAMS),
    "openapi-fetch (global fetch)": async () => (await openapi.POST("/v1/runs", { body: RUN_PARAMS })).data,
  };
}

/**
 * Sequential latency, interleaved: each iteration times one call of every contender (in a rotated
 * order), so a burst of load from other processes hits all contenders alike instead of one of them.
 */
/**
 * Raw `undici.request` with, step by step, what the node client adds, to show where its overhead goes.
 * These re-create the steps by hand (they are not the client's code), so they are a guide, not a proof.
 */
/** Runs `work` with a fresh AbortController signal and a 60 s timer, as the clients do per call. */
async function withTimeout(work) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 60_000);
  try {
    return await work(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}

function breakdownContenders(url) {
  const agent = new Agent({ connections: 64, keepAliveTimeout: 60_000 });
  const node = new NodeWorkflows({ apiKey: KEY, baseUrl: url, maxRetries: 0 });
  const target = `${url}/v1/runs/rnp_1`;
  const headers = { "x-api-key": KEY };
  const toHeaders = (raw) => {
    const result = new Headers();
    for (const [name, value] of Object.entries(raw))
      if (typeof value === "string") result.append(name, value);
    return result;
  };
  return {
    [RAW_UNDICI]: async () => (await request(target, { headers, dispatcher: agent })).body.json(),
    "+ AbortController and timeout timer per call": () =>
      withTimeout(async (signal) =>
        JSON.parse(await (await request(target, { headers, dispatcher: agent, signal })).body.text()),
      ),
    "+ response headers copied into a Headers": () =>
      withTimeout(async (signal) => {
        const response = await request(target, { headers, dispatcher: agent, signal });
        toHeaders(response.headers);
        return JSON.parse(await response.body.text());
      }),
    "+ zod workflowRunSchema.safeParse": () =>
      withTimeout(async (signal) => {
        const response = await request(target, { headers, dispatcher: agent, signal });
        toHeaders(response.headers);
        return workflowRunSchema.safeParse(JSON.parse(await response.body.text()));
      }),
    [NODE]: () => node.runs.retrieve("rnp_1"),
  };
}

function fetchBreakdownContenders(url) {
  const edge = new EdgeWorkflows({ apiKey: KEY, baseUrl: url, maxRetries: 0 });
  const target = `${url}/v1/runs/rnp_1`;
  const headers = { "x-api-key": KEY };
  const clientHeaders = {
    accept: "application/json",
    "user-agent": "leap-workflows-bench",
    "x-api-key": KEY,
  };
  return {
    [RAW_FETCH]: async () => (await fetch(target, { headers })).json(),
    "+ AbortController and timeout timer per call, its signal passed": () =>
      withTimeout(async (signal) => (await fetch(target, { headers, signal })).json()),
    "+ the client's headers and cache: no-store": () =>
      withTimeout(async (signal) =>
        (await fetch(target, { headers: clientHeaders, signal, cache: "no-store" })).json(),
      ),
    "+ zod workflowRunSchema.safeParse": () =>
      withTimeout(async (signal) =>
        workflowRunSchema.safeParse(
          await (await fetch(target, { headers: clientHeaders, signal, cache: "no-store" })).json(),
        ),
      ),
    [EDGE]: () => edge.runs.retrieve("rnp_1"),
  };
}

async function sequential(calls, names) {
  for (const name of names) for (let index = 0; index < WARMUP; index++) await calls[name]();
  const times = Object.fromEntries(names.map((name) => [name, new Float64Array(SEQUENTIAL)]));
  for (let index = 0; index < SEQUENTIAL; index++) {
    for (let offset = 0; offset < names.length; offset++) {
      const name = names[(offset + index) % names.length];
      const start = performance.now();
      await calls[name]();
      times[name][index] = performance.now() - start;
    }
  }
  return Object.fromEntries(
    names.map((name) => {
      const sorted = times[name].sort();
      return [name, { median: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) }];
    }),
  );
}

/** Calls per second with IN_FLIGHT calls always pending, for BURST_MS (time-bounded, so a loaded machine cannot stretch the run). */
async function concurrent(call, ms = BURST_MS) {
  let completed = 0;
  const start = performance.now();
  const deadline = start + ms;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (performance.now() < deadline) {
        await call();
        completed++;
      }
    }),
  );
  return completed / ((performance.now() - start) / 1000);
}

/** Ratio of one contender to a baseline in each round: the median, and the range across rounds. */
function ratioOf(rounds, name, baseline, pick) {
  const values = rounds.map((round) => pick(round[name]) / pick(round[baseline])).sort((a, b) => a - b);
  return { median: median(values), min: values[0], max: values.at(-1) };
}

function ratio(rounds, name, baseline, pick) {
  const { median: middle, min, max } = ratioOf(rounds, name, baseline, pick);
  return `${fixed(middle)}x (${fixed(min)}–${fixed(max)})`;
}

export async function measure(calls, log) {
  const names = Object.keys(calls);
  // Opens every pool's connections before anything is timed.
  for (const name of names) await concurrent(calls[name], 150);
  const rounds = [];
  for (let round = 0; round < ROUNDS; round++) {
    const results = await sequential(calls, names);
    // Throughput bursts one contender at a time, in an order rotated every round.
    for (let offset = 0; offset < names.length; offset++) {
      const name = names[(offset + round) % names.length];
      results[name].rps = await concurrent(calls[name]);
    }
    rounds.push(results);
    log(`  round ${round + 1}/${ROUNDS} done`);
  }
  const baselines = [
    [RAW_UNDICI, "undici.request"],
    [RAW_FETCH, "fetch"],
  ].filter(([baseline]) => names.includes(baseline));
  const rows = names.map((name) => {
    const pick = (field) => median(rounds.map((round) => round[name][field]));
    return [
      name,
      fixed(pick("median") * 1000, 0),
      fixed(pick("p99") * 1000, 0),
      fixed(pick("rps"), 0),
      ...baselines.map(([baseline]) => ratio(rounds, name, baseline, (r) => r.median)),
      ...baselines.map(([baseline]) => ratio(rounds, name, baseline, (r) => r.rps)),
    ];
  });
  const latencyRatio = (name, baseline) => ratioOf(rounds, name, baseline, (r) => r.median);
  return {
    latencyRatio,
    markdown: table(
      [
        "client",
        "median µs",
        "p99 µs",
        `req/s, ${IN_FLIGHT} in flight`,
        ...baselines.map(([, label]) => `median latency vs ${label}`),
        ...baselines.map(([, label]) => `throughput vs ${label}`),
      ],
      rows,
    ),
  };
}

export const describeRequests = `A \`node:http\` server in a separate process answers a small run JSON on loopback. Each round makes ${WARMUP} warm-up calls per client, then ${SEQUENTIAL.toLocaleString("en")} sequential calls per client, interleaved (each iteration times one call of every client, in a rotated order, so load from other processes hits all clients alike; median and p99 latency), then a ${BURST_MS} ms burst per client with ${IN_FLIGHT} calls always in flight (throughput), one client at a time in a rotated order. ${ROUNDS} rounds; absolute columns are medians over rounds, ratio columns are the median of the per-round ratios with the range across rounds in brackets (latency: lower is better; throughput: higher is better). Every client has retries off; ours validate each request and response (with checks generated from the OpenAPI document) and send a timeout signal, the peers validate nothing. The undici clients use a 64-connection keep-alive pool. Aims: node within 1.25x of raw \`undici.request\` latency; edge/core within 1.10x of raw fetch.`;

export async function benchRequests(log) {
  const server = await startFixtureServer();
  try {
    log("  isolated processes");
    const isolated = await benchIsolated(server.url, FULL, log);
    log("  GET /v1/runs/:id");
    const get = await measure(getContenders(server.url), log);
    log("  POST /v1/runs");
    const post = await measure(postContenders(server.url), log);
    log("  node client breakdown");
    const breakdown = await measure(breakdownContenders(server.url), log);
    log("  edge client breakdown");
    const fetchBreakdown = await measure(fetchBreakdownContenders(server.url), log);
    const aim = (what, result, limit) => ({
      aim: `${what}: median latency at most ${fixed(limit)}x`,
      measured: `${fixed(result.median)}x (rounds ${fixed(result.min)}–${fixed(result.max)})`,
      met: result.median <= limit,
    });
    return {
      markdown: `### GET /v1/runs/{id} (\`runs.retrieve\`)\n\n${get.markdown}\n\n### POST /v1/runs (\`runs.create\`; ours also validate the params and add an Idempotency-Key)\n\n${post.markdown}\n\n### Where the node client's overhead goes (GET)\n\nRaw \`undici.request\` with the node client's extra steps added one at a time by hand (a guide to what each step costs, not the client's own code), then the client itself, measured the same way. The client sends through undici's lower-level \`dispatch\` API and collects the body itself (no Readable stream per call), which is why it can come out faster than raw \`undici.request\` and than every step.\n\n${breakdown.markdown}\n\n### Where the edge client's overhead goes on Node's fetch (GET)\n\nThe same for raw \`fetch\`: the edge client's extra steps added one at a time by hand, then the client itself. (The client validates with checks generated from the OpenAPI document; the zod row shows what validating with zod would cost instead.) The first two steps are a floor the client keeps on purpose: a timeout needs an AbortSignal per request (Node's fetch detaches its listener only when the request is garbage-collected, so a signal cannot be shared), and \`cache: "no-store"\` keeps Next.js from freezing a poll on its first answer.\n\n${fetchBreakdown.markdown}\n\n### Each client alone in a fresh process, against its raw baseline\n\n${describeIsolated(FULL)}\n\n${isolated.markdown}`,
      aims: [
        aim("node vs raw `undici.request`, GET", get.latencyRatio(NODE, RAW_UNDICI), 1.25),
        aim("node vs raw `undici.request`, POST", post.latencyRatio(NODE, RAW_UNDICI), 1.25),
        aim("edge/core vs raw fetch, GET", get.latencyRatio(EDGE, RAW_FETCH), 1.1),
        aim("edge/core vs raw fetch, POST", post.latencyRatio(EDGE, RAW_FETCH), 1.1),
        ...isolated.aims,
      ],
    };
  } finally {
    await server.stop();
  }
}

// `node src/requests.mjs --isolated [--quick]`: only the isolated-process method, printed (for iterating on
// the client's per-call path; `--quick` runs one short process per case). Build the packages first.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href && !process.env.LEAP_BENCH_ISOLATED) {
  const args = process.argv.slice(2);
  const plan = args.includes("--quick") ? QUICK : FULL;
  const log = (line) => process.stdout.write(`${line}\n`);
  const load = () =>
    `load average ${loadavg()
      .map((value) => value.toFixed(1))
      .join(" / ")}`;
  log(load());
  if (args.includes("--isolated")) {
    const server = await startFixtureServer();
    try {
      const { markdown } = await benchIsolated(server.url, plan, log);
      log(`\n${describeIsolated(plan)}\n\n${markdown}`);
    } finally {
      await server.stop();
    }
  } else {
    const { markdown } = await benchRequests(log);
    log(markdown);
  }
  log(load());
}
