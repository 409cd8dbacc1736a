// The dev server's memory while many bulk runs read near-cap CSVs at once: the CSV memory budget
// (maxCsvMemoryBytes) at its default against one too large to bind. The server runs in a SEPARATE process
// (this file, forked) and reports its RSS over IPC.
import { fork } from "node:child_process";
import { createServer } from "node:http";
import { fixed, table } from "./stats.mjs";

const BULK_RUNS = 120;
const CSV_BYTES = 9_900_000;
const SAMPLE_MS = 100;
const BUDGETS = [
  { label: "64 MiB (the default)", bytes: undefined },
  { label: "2 GiB (binds nothing here)", bytes: 2 * 1024 ** 3 },
];

export const describeBulkMemory = `A fresh dev server (\`data: ":memory:"\`, \`maxBulkRows: 1\`, separate process) gets ${BULK_RUNS} \`POST /v1/runs/bulk\` at once, each CSV ${(CSV_BYTES / 1e6).toFixed(1)} MB (just under the 10 MiB cap) of 1,000-byte rows, served with a Content-Length by a \`node:http\` server in the bench process. Every bulk run reads its CSV in full, then fails at its second row (the row cap of 1), so what is measured is the reading, not the runs. The server's RSS is asked over IPC every ${SAMPLE_MS} ms from before the first POST until every bulk run has failed; "seconds" is that span. Rows: \`maxCsvMemoryBytes\` at its default, and at 2 GiB, which binds nothing here (as before the budget existed).`;

function startServer(budget) {
  const child = fork(new URL(import.meta.url), [], {
    stdio: "inherit",
    env: { ...process.env, LEAP_BENCH_BULK_MEMORY: budget === undefined ? "default" : String(budget) },
  });
  const ready = new Promise((resolve, reject) => {
    child.once("message", resolve);
    child.once("exit", (code) => reject(new Error(`dev server exited with ${code}`)));
  });
  return {
    ready,
    rss: () =>
      new Promise((resolve) => {
        child.once("message", (message) => resolve(message.rss / 2 ** 20));
        child.send("rss");
      }),
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", resolve);
        child.kill("SIGTERM");
      }),
  };
}

async function serveDevServer(budget) {
  const { createDevServer } = await import("@leap-workflows/dev-server");
  const server = await createDevServer({
    maxBulkRows: 1,
    maxCsvMemoryBytes: budget === "default" ? undefined : Number(budget),
  });
  process.on("SIGTERM", async () => {
    await server.close();
    process.exit(0);
  });
  process.on("message", () => process.send({ rss: process.memoryUsage().rss }));
  process.send({ url: server.url });
}

async function measure(budget, csvUrl, log) {
  const server = startServer(budget.bytes);
  const { url } = await server.ready;
  const { Workflows } = await import("@leap-workflows/node");
  const leap = new Workflows({ apiKey: "leap_dev_key", baseUrl: url });
  try {
    const rssBefore = await server.rss();
    let rssPeak = rssBefore;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        rssPeak = Math.max(rssPeak, await server.rss());
        await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
      }
    })();
    const start = performance.now();
    const created = await Promise.all(
      Array.from({ length: BULK_RUNS }, (_, index) =>
        leap.bulkRuns.create({ workflow_id: "wkf_echo", input_csv_url: `${csvUrl}/${index}.csv` }),
      ),
    );
    const done = await Promise.all(
      created.map((bulk) => leap.bulkRuns.wait(bulk.id, { initialInterval: 200, timeout: 600_000 })),
    );
    const seconds = (performance.now() - start) / 1000;
    sampling = false;
    await sampler;
    const capped = done.filter((bulk) => /more than 1 rows/.test(bulk.error ?? "")).length;
    log(`  ${budget.label}: peak RSS ${fixed(rssPeak, 0)} MB, ${fixed(seconds, 1)} s`);
    return [
      budget.label,
      fixed(rssBefore, 0),
      fixed(rssPeak, 0),
      fixed(seconds, 1),
      `${capped} / ${BULK_RUNS}`,
    ];
  } finally {
    await server.stop();
  }
}

export async function benchBulkMemory(log) {
  const row = `${"x".repeat(999)}\n`;
  const csv = Buffer.from(`n\n${row.repeat(Math.floor((CSV_BYTES - 2) / row.length))}`);
  const files = createServer((_, response) =>
    response.writeHead(200, { "content-type": "text/csv", "content-length": csv.length }).end(csv),
  );
  await new Promise((resolve) => files.listen(0, "127.0.0.1", resolve));
  try {
    const csvUrl = `http://127.0.0.1:${files.address().port}`;
    const rows = [];
    for (const budget of BUDGETS) rows.push(await measure(budget, csvUrl, log));
    return table(
      [
        `${BULK_RUNS} bulk runs of ${(CSV_BYTES / 1e6).toFixed(1)} MB CSVs at once, maxCsvMemoryBytes`,
        "RSS MB before",
        "peak RSS MB",
        "seconds",
        "read in full (failed at the row cap)",
      ],
      rows,
    );
  } finally {
    files.closeAllConnections();
    files.close();
  }
}

const role = process.env.LEAP_BENCH_BULK_MEMORY;
if (role && process.send) await serveDevServer(role);
