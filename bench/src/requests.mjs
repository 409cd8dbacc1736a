// Request overhead: our clients against raw fetch, raw undici.request and openapi-fetch, on loopback.
import { fork } from "node:child_process";
import { Workflows as CoreWorkflows } from "@leap-workflows/core";
import { Workflows as EdgeWorkflows } from "@leap-workflows/edge";
import { Workflows as NodeWorkflows } from "@leap-workflows/node";
import createClient from "openapi-fetch";
import { Agent, request } from "undici";
import { fixed, quantile, table } from "./stats.mjs";

const SEQUENTIAL = 1_500;
const CONCURRENT_TOTAL = 6_000;
const IN_FLIGHT = 64;
const ROUNDS = 3;

async function startServer() {
  const child = fork(new URL("./fixture-server.mjs", import.meta.url), { stdio: "ignore" });
  const { port } = await new Promise((resolve) => child.once("message", resolve));
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

function contenders(url) {
  const agent = new Agent({ connections: 64, keepAliveTimeout: 60_000 });
  const openapi = createClient({ baseUrl: url });
  const options = { apiKey: "bench", baseUrl: url, maxRetries: 0 };
  const core = new CoreWorkflows(options);
  const edge = new EdgeWorkflows(options);
  const node = new NodeWorkflows(options);
  return {
    "raw fetch": async () =>
      (await fetch(`${url}/v1/runs/rnp_1`, { headers: { "x-api-key": "bench" } })).json(),
    "raw undici.request": async () =>
      (
        await request(`${url}/v1/runs/rnp_1`, { headers: { "x-api-key": "bench" }, dispatcher: agent })
      ).body.json(),
    "openapi-fetch": async () =>
      (
        await openapi.GET("/v1/runs/{id}", {
          params: { path: { id: "rnp_1" } },
          headers: { "x-api-key": "bench" },
        })
      ).data,
    "@leap-workflows/core (fetch)": () => core.runs.retrieve("rnp_1"),
    "@leap-workflows/edge (fetch)": () => edge.runs.retrieve("rnp_1"),
    "@leap-workflows/node (undici)": () => node.runs.retrieve("rnp_1"),
  };
}

async function sequential(call) {
  for (let index = 0; index < 100; index++) await call();
  const times = [];
  for (let index = 0; index < SEQUENTIAL; index++) {
    const start = performance.now();
    await call();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: quantile(times, 0.5), p99: quantile(times, 0.99) };
}

async function concurrent(call) {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next++ < CONCURRENT_TOTAL) await call();
    }),
  );
  return CONCURRENT_TOTAL / ((performance.now() - start) / 1000);
}

/** Runs every contender for several rounds; ratios are taken within a round, against its baseline. */
export async function benchRequests() {
  const server = await startServer();
  try {
    const calls = contenders(server.url);
    const rounds = [];
    for (let round = 0; round < ROUNDS; round++) {
      const results = {};
      for (const [name, call] of Object.entries(calls))
        results[name] = { ...(await sequential(call)), rps: await concurrent(call) };
      rounds.push(results);
    }
    const baselineOf = (name) => (name.includes("undici") ? "raw undici.request" : "raw fetch");
    const rows = Object.keys(calls).map((name) => {
      const ratio = (pick) =>
        rounds.map((r) => pick(r[name]) / pick(r[baselineOf(name)])).sort((a, b) => a - b)[1];
      const last = rounds.at(-1)[name];
      return [
        name,
        fixed(last.median * 1000, 0),
        fixed(last.p99 * 1000, 0),
        fixed(last.rps, 0),
        baselineOf(name),
        `${fixed(ratio((r) => r.median))}x`,
        `${fixed(ratio((r) => r.rps))}x`,
      ];
    });
    return table(
      [
        "client",
        "median µs",
        "p99 µs",
        `req/s (${IN_FLIGHT} in flight)`,
        "baseline",
        "median latency vs baseline",
        "throughput vs baseline",
      ],
      rows,
    );
  } finally {
    server.stop();
  }
}
