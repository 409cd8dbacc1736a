// The dev server's throughput with its SQLite store on disk: runs created and webhooks delivered per second.
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDevServer } from "@leap-workflows/dev-server";
import { Workflows } from "@leap-workflows/node";
import { fixed, quantile, table } from "./stats.mjs";

const RUNS = 3_000;
const IN_FLIGHT = 32;

async function receiver() {
  let received = 0;
  let done;
  const finished = new Promise((resolve) => {
    done = resolve;
  });
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      response.writeHead(204).end();
      if (++received === RUNS) done(performance.now());
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}/hook`, finished, close: () => server.close() };
}

async function parallel(total, work) {
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < total) await work(next++);
    }),
  );
}

export async function benchDevServer() {
  const hook = await receiver();
  const server = await createDevServer({ data: mkdtempSync(join(tmpdir(), "leap-bench-")), concurrency: 64 });
  const leap = new Workflows({ apiKey: "leap_dev_key", baseUrl: server.url });
  try {
    const start = performance.now();
    await parallel(RUNS, () =>
      leap.run({ workflow_id: "wkf_echo", inputs: { n: 1 }, webhook_url: hook.url }),
    );
    const created = performance.now();
    const delivered = await hook.finished;
    return table(
      ["dev server (SQLite on disk, 32 in flight)", "per second"],
      [
        [`runs created (${RUNS} POST /v1/runs)`, fixed(RUNS / ((created - start) / 1000), 0)],
        [`webhooks delivered and acknowledged (${RUNS})`, fixed(RUNS / ((delivered - start) / 1000), 0)],
      ],
    );
  } finally {
    await server.close();
    hook.close();
  }
}

/** GET latency as the store grows (runs inserted through the API, 32 in flight). */
export async function benchStoreGrowth(steps = [1_000, 10_000, 100_000]) {
  const server = await createDevServer({ data: mkdtempSync(join(tmpdir(), "leap-bench-")), concurrency: 64 });
  const leap = new Workflows({ apiKey: "leap_dev_key", baseUrl: server.url });
  const ids = [];
  const rows = [];
  try {
    for (const target of steps) {
      const start = performance.now();
      const missing = target - ids.length;
      await parallel(missing, async () => ids.push((await leap.run({ workflow_id: "wkf_echo" })).id));
      const insertRate = missing / ((performance.now() - start) / 1000);
      const times = [];
      for (let index = 0; index < 500; index++) {
        const id = ids[Math.floor(Math.random() * ids.length)];
        const begin = performance.now();
        await leap.runs.retrieve(id);
        times.push(performance.now() - begin);
      }
      times.sort((a, b) => a - b);
      rows.push([
        String(target),
        fixed(quantile(times, 0.5) * 1000, 0),
        fixed(quantile(times, 0.99) * 1000, 0),
        fixed(insertRate, 0),
      ]);
    }
    return table(["runs in the store", "GET median µs", "GET p99 µs", "inserts/s to get there"], rows);
  } finally {
    await server.close();
  }
}
