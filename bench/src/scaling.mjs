// What many concurrent waits cost the client: time and memory for 10, 100 and 1,000 waits on long runs,
// against a fixture server in a separate process (so its memory and CPU are not counted).

import { startFixtureServer } from "./fixture-server.mjs";
import { fixed, table } from "./stats.mjs";

const RUN_MS = 3_000;
const COUNTS = [10, 100, 1_000];
// Fewer waits keep less than the heap's own variation between two forced GCs (a few MB).
const PER_WAIT_FROM = 100;

function heapNow() {
  globalThis.gc?.();
  return process.memoryUsage();
}

export const describeScaling = `\`runs.wait(id)\` on \`@leap-workflows/node\` (default polling: 500 ms, then 1.5x longer each time, up to 5 s), all started at once, against a \`node:http\` fixture in a separate process that answers \`running\` for ${RUN_MS / 1000} s after it first sees a run id, then \`completed\`. Memory is the client process's: heap and RSS sampled every 20 ms, growth over a baseline taken after a forced GC (\`--expose-gc\`) before the waits start; "live heap per pending wait" is the heap after another forced GC halfway through (all waits pending), divided by their number (it includes one-off costs such as the connection pool, so the 1,000 row is the per-wait figure). The heap also moves by a few MB between two forced GCs for reasons of its own (code compiled or dropped, caches), which can even make the growth negative: below ${PER_WAIT_FROM} waits that noise is larger than what the waits keep, so no per-wait figure is given ("–"). "Wall time" ideal is ${RUN_MS / 1000} s plus the polling granularity; "polls per run" counts the fixture's requests per wait: one at once, then after delays of 0.5, 0.75, 1.1 and 1.7 s, so the fifth poll, about 4.1 s in, is the first to see the run completed (hence the wall time).`;

export async function benchScaling(log) {
  const { Workflows } = await import("@leap-workflows/node");
  const rows = [];
  for (const count of COUNTS) {
    const server = await startFixtureServer({ mode: "slow", runMs: RUN_MS });
    try {
      // A fresh pool per size (connections: 64, the default), so earlier sizes leave nothing warm.
      const leap = new Workflows({ apiKey: "bench", baseUrl: server.url, connections: 64 });
      const before = heapNow();
      let heapPeak = before.heapUsed;
      let rssPeak = before.rss;
      const sampler = setInterval(() => {
        const now = process.memoryUsage();
        heapPeak = Math.max(heapPeak, now.heapUsed);
        rssPeak = Math.max(rssPeak, now.rss);
      }, 20);
      // Halfway through, every wait is pending: a forced GC then leaves only what the waits keep alive.
      let liveHeap = Number.NaN;
      const midway = setTimeout(() => {
        if (globalThis.gc) liveHeap = heapNow().heapUsed - before.heapUsed;
      }, RUN_MS / 2);
      const start = performance.now();
      const done = await Promise.all(
        Array.from({ length: count }, (_, index) => leap.runs.wait(`rnp_${count}_${index}`)),
      );
      const elapsed = performance.now() - start;
      clearInterval(sampler);
      clearTimeout(midway);
      if (!done.every((run) => run.status === "completed"))
        throw new Error("a wait ended without completion");
      const { requests } = await (await fetch(`${server.url}/stats`)).json();
      const heapGrowth = heapPeak - before.heapUsed;
      rows.push([
        count.toLocaleString("en"),
        fixed(elapsed / 1000, 2),
        fixed(heapGrowth / 2 ** 20, 1),
        count < PER_WAIT_FROM ? "–" : fixed(liveHeap / count / 1024, 1),
        fixed((rssPeak - before.rss) / 2 ** 20, 1),
        fixed(requests / count, 1),
      ]);
      log(`  ${count} waits`);
    } finally {
      await server.stop();
    }
  }
  return table(
    [
      `concurrent waits (runs take ${RUN_MS / 1000} s)`,
      "wall time s",
      "peak heap growth MB",
      "live heap KB per pending wait",
      "peak RSS growth MB",
      "polls per run",
    ],
    rows,
  );
}
