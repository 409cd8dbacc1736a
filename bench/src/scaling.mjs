// What many concurrent waits cost the client: time and memory for 10, 100 and 1,000 long runs.
import { createServer } from "node:http";
import { Workflows } from "@leap-workflows/node";
import { fixed, table } from "./stats.mjs";

const RUN_MS = 3_000;

async function slowRunServer() {
  const startedAt = new Map();
  let requests = 0;
  const server = createServer((request, response) => {
    requests++;
    const id = request.url.split("/").pop();
    if (!startedAt.has(id)) startedAt.set(id, Date.now());
    const done = Date.now() - startedAt.get(id) >= RUN_MS;
    response.writeHead(200, { "content-type": "application/json" });
    response.end(
      JSON.stringify({
        id,
        version_id: "vsp_1",
        status: done ? "completed" : "running",
        created_at: "2026-11-28T12:00:00Z",
        started_at: "2026-11-28T12:00:00Z",
        ended_at: null,
        workflow_id: "wkf_1",
        error: null,
        input: {},
        output: null,
      }),
    );
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests: () => requests,
    close: () => server.close(),
  };
}

export async function benchScaling() {
  const rows = [];
  for (const count of [10, 100, 1_000]) {
    const server = await slowRunServer();
    const leap = new Workflows({ apiKey: "bench", baseUrl: server.url });
    globalThis.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    const sampler = setInterval(() => {
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    }, 50);
    const start = performance.now();
    await Promise.all(Array.from({ length: count }, (_, index) => leap.runs.wait(`rnp_${count}_${index}`)));
    const elapsed = performance.now() - start;
    clearInterval(sampler);
    rows.push([
      String(count),
      fixed(elapsed / 1000, 2),
      fixed((heapPeak - heapBefore) / 1024 / 1024, 1),
      fixed(server.requests() / count, 1),
    ]);
    server.close();
  }
  return table(
    [
      `concurrent waits (runs take ${RUN_MS / 1000} s)`,
      "wall time s",
      "peak heap growth MB",
      "polls per run",
    ],
    rows,
  );
}
