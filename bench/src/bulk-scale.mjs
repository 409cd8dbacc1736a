// Big bulk runs on the dev server: whether the server stalls while one runs and completes, and what reading
// a finished one costs. The server runs in a separate process (dev-server.mjs's startDevServer).
import { createServer } from "node:http";
import { client, startDevServer } from "./dev-server.mjs";
import { fixed, quantile, table } from "./stats.mjs";

const SIZES = [100_000, 1_000_000];
const GETS = 200;
const POLL_MS = 100;
const STALL_AIM_MS = 100;
const GET_RATIO_AIM = 2;

export const describeBulkScale = `A fresh dev server (SQLite on disk, separate process, \`maxBulkRows: ${SIZES.at(-1).toLocaleString("en")}\`) gets one bulk run of ${SIZES.map((n) => n.toLocaleString("en")).join(", then ")} rows of \`wkf_echo\` (short rows, so that the CSV stays under the 10 MB cap), its CSV served by a \`node:http\` server in the bench process; one client polls \`GET /v1/runs/bulk/{id}\` every ${POLL_MS} ms until it is \`completed\`. "Longest stall" is the server's own longest event-loop delay (\`monitorEventLoopDelay\`, 10 ms resolution) from the POST to \`completed\` (reading the CSV, storing and running the rows, completing the bulk run); on a loaded machine it includes time the server's process waited for a core, so "most CPU in one turn" (the CPU time the server used between two ticks of a 5 ms timer) shows its own work apart from that. Then, on the finished bulk run, ${GETS} sequential \`GET /v1/runs/bulk/{id}\` alternate with ${GETS} \`GET /v1/runs/{id}\` of one run (medians compared), and its output CSV is downloaded once (time, size, longest stall meanwhile). Aims: no stall over ${STALL_AIM_MS} ms at ${SIZES.at(-1).toLocaleString("en")} rows; the finished bulk run's GET within ${GET_RATIO_AIM}x of a run's GET at every size.`;

const median = (values) => quantile(Float64Array.from(values).sort(), 0.5);

async function timed(work) {
  const begin = performance.now();
  await work();
  return performance.now() - begin;
}

export async function benchBulkScale(log) {
  const csvs = new Map(
    SIZES.map((rows) => [
      String(rows),
      `n\n${Array.from({ length: rows }, (_, index) => index).join("\n")}\n`,
    ]),
  );
  const files = createServer((request, response) =>
    response.writeHead(200, { "content-type": "text/csv" }).end(csvs.get(request.url.slice(1))),
  );
  await new Promise((resolve) => files.listen(0, "127.0.0.1", resolve));
  const server = await startDevServer(undefined, { maxBulkRows: SIZES.at(-1) });
  const headers = { "x-api-key": "leap_dev_key" };
  try {
    const leap = await client(server.url);
    const probe = await leap.runAndWait({ workflow_id: "wkf_echo", inputs: { probe: true } });
    const rows = [];
    const aims = [];
    for (const size of SIZES) {
      await server.longestStall();
      const start = performance.now();
      const created = await leap.bulkRuns.create({
        workflow_id: "wkf_echo",
        input_csv_url: `http://127.0.0.1:${files.address().port}/${size}`,
      });
      let bulk = created;
      while (bulk.status === "running" || bulk.status === "queued") {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        bulk = await leap.bulkRuns.retrieve(created.id);
      }
      const seconds = (performance.now() - start) / 1000;
      const { wall: stall, cpu: busiest } = await server.longestStall();
      log(
        `  ${size} rows: ${bulk.status} in ${fixed(seconds, 1)} s, longest stall ${fixed(stall, 0)} ms (CPU in one turn at most ${fixed(busiest, 0)} ms)`,
      );

      // Raw fetches, so that both GETs cost the same on the client side.
      const getRun = () => fetch(`${server.url}/v1/runs/${probe.id}`, { headers }).then((r) => r.text());
      const getBulk = () => fetch(`${server.url}/v1/runs/bulk/${bulk.id}`, { headers }).then((r) => r.text());
      for (let index = 0; index < 20; index++) await Promise.all([getRun(), getBulk()]); // warm-up
      const runTimes = [];
      const bulkTimes = [];
      for (let index = 0; index < GETS; index++) {
        runTimes.push(await timed(getRun));
        bulkTimes.push(await timed(getBulk));
      }
      const runMedian = median(runTimes);
      const bulkMedian = median(bulkTimes);
      const ratio = bulkMedian / runMedian;

      await server.longestStall();
      let bytes = 0;
      const downloadMs = await timed(async () => {
        const response = await fetch(bulk.output_csv_url);
        for await (const chunk of response.body) bytes += chunk.length;
      });
      const { wall: downloadStall } = await server.longestStall();
      log(`  output CSV ${fixed(bytes / 2 ** 20, 1)} MB in ${fixed(downloadMs / 1000, 2)} s`);

      rows.push([
        size.toLocaleString("en"),
        bulk.status,
        fixed(size / seconds, 0),
        fixed(stall, 0),
        fixed(busiest, 0),
        fixed(bulkMedian, 2),
        fixed(runMedian, 2),
        `${fixed(ratio, 2)}x`,
        `${fixed(bytes / 2 ** 20, 1)} MB, ${fixed(downloadMs / 1000, 2)} s, stall ${fixed(downloadStall, 0)} ms`,
      ]);
      aims.push({
        aim: `GET /v1/runs/bulk/{id} of a finished ${size.toLocaleString("en")}-row bulk run: within ${GET_RATIO_AIM}x of GET /v1/runs/{id}`,
        measured: `${fixed(ratio, 2)}x (${fixed(bulkMedian, 2)} vs ${fixed(runMedian, 2)} ms)`,
        met: ratio <= GET_RATIO_AIM,
      });
      if (size === SIZES.at(-1)) {
        aims.push({
          aim: `${size.toLocaleString("en")}-row bulk run: no event-loop stall over ${STALL_AIM_MS} ms`,
          measured: `${fixed(stall, 0)} ms`,
          met: stall <= STALL_AIM_MS,
        });
      }
    }
    const markdown = table(
      [
        "bulk run rows",
        "final status",
        "rows/s (POST to completed)",
        "longest stall ms",
        "most CPU ms in one turn",
        "GET bulk run median ms",
        "GET run median ms",
        "ratio",
        "output CSV download",
      ],
      rows,
    );
    return { markdown, aims };
  } finally {
    await server.stop();
    files.close();
  }
}
