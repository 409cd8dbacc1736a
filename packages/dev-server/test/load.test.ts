import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, test } from "vitest";
import { createDevServer } from "../src/index";
import { eventually } from "./helpers";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Serves `text` as a CSV on 127.0.0.1 (an http: input_csv_url, as a bulk run's CSV is usually given). */
async function serveCsv(text: string): Promise<string> {
  const server = createServer((_, response) =>
    response.writeHead(200, { "content-type": "text/csv" }).end(text),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/rows.csv`;
}

const csvOf = (rows: number) => `n\n${Array.from({ length: rows }, (_, index) => index).join("\n")}\n`;
const headers = { "x-api-key": "leap_dev_key", "content-type": "application/json" };

test("a bulk run of 20,000 fast rows leaves the server answering: a GET sent mid-run is answered before the bulk run ends", async () => {
  const ROWS = 20_000;
  let done = 0;
  let probe: Promise<Response> | undefined;
  let url = "";
  let probeId = "";
  const server = await createDevServer({
    // The row cap set explicitly: this test needs more rows than the default allows.
    maxBulkRows: ROWS,
    workflows: {
      // Synchronous, so the runs finish in microtasks: the case that used to starve the event loop.
      wkf_count: () => {
        done++;
        // A third of the way in, ask the server something: it must answer while the bulk run goes on.
        if (done === 1_000) probe = fetch(`${url}/v1/runs/${probeId}`, { headers });
        return { done };
      },
    },
  });
  cleanups.push(() => server.close());
  url = server.url;
  const single = await fetch(`${url}/v1/runs`, {
    method: "POST",
    headers,
    body: JSON.stringify({ workflow_id: "wkf_echo", inputs: { single: true } }),
  });
  probeId = ((await single.json()) as { id: string }).id;
  const created = await fetch(`${url}/v1/runs/bulk`, {
    method: "POST",
    headers,
    body: JSON.stringify({ workflow_id: "wkf_count", input_csv_url: await serveCsv(csvOf(ROWS)) }),
  });
  expect(created.status).toBe(200);
  const bulk = (await created.json()) as { id: string };

  const answer = await eventually(() => probe, 60_000);
  const doneWhenAnswered = done;
  expect(answer.status).toBe(200);
  expect(((await answer.json()) as { id: string }).id).toBe(probeId);
  // Answered while rows were still running: the runner yields between batches.
  expect(doneWhenAnswered).toBeLessThan(ROWS);

  const finished = await eventually(async () => {
    const response = await fetch(`${url}/v1/runs/bulk/${bulk.id}`, { headers });
    const body = (await response.json()) as { status: string; row_count: number; output_csv_url: string };
    return body.status === "completed" ? body : undefined;
  }, 120_000);
  expect(finished.row_count).toBe(ROWS);
  const csv = await (await fetch(finished.output_csv_url)).text();
  const lines = csv.trimEnd().split("\n");
  expect(lines).toHaveLength(ROWS + 1);
  expect(lines.slice(1).every((line) => line.includes(",completed,"))).toBe(true);
  expect(done).toBe(ROWS);
}, 180_000);

test("creates arriving together share a commit, yet a repeated Idempotency-Key still makes one run", async () => {
  const server = await createDevServer();
  cleanups.push(() => server.close());
  const send = (key: string, workflow = "wkf_echo") =>
    fetch(`${server.url}/v1/runs`, {
      method: "POST",
      headers: { ...headers, "idempotency-key": key },
      body: JSON.stringify({ workflow_id: workflow, inputs: { key } }),
    });
  // Sent at once: several arrive in the same turn of the event loop, before any is committed.
  const responses = await Promise.all([
    ...Array.from({ length: 8 }, () => send("same")),
    ...Array.from({ length: 8 }, (_, index) => send(`other-${index}`)),
  ]);
  const bodies = (await Promise.all(responses.map((response) => response.json()))) as { id: string }[];
  const same = bodies.slice(0, 8).map((body) => body.id);
  expect(new Set(same).size).toBe(1);
  expect(
    responses
      .slice(0, 8)
      .map((response) => response.status)
      .sort(),
  ).toEqual([200, 200, 200, 200, 200, 200, 200, 200]);
  expect(new Set(bodies.slice(8).map((body) => body.id)).size).toBe(8);
  const runs = server.listRuns();
  expect(runs.filter((run) => run.idempotency_key === "same")).toHaveLength(1);
  expect(runs).toHaveLength(9);

  // The same key with another body is still refused while the first is in the same batch.
  const [first, reused] = await Promise.all([send("fresh"), send("fresh", "wkf_fail")]);
  expect(first.status).toBe(200);
  expect(reused.status).toBe(409);

  // A stored key, repeated several times in one turn: each replay answers the stored run, each different
  // body a 409, and no run is added (the key is looked up inside the batch's commit).
  const again = await Promise.all([
    ...Array.from({ length: 4 }, () => send("same")),
    ...Array.from({ length: 4 }, () => send("same", "wkf_fail")),
  ]);
  expect(again.map((response) => response.status)).toEqual([200, 200, 200, 200, 409, 409, 409, 409]);
  const replays = (await Promise.all(again.slice(0, 4).map((response) => response.json()))) as {
    id: string;
  }[];
  expect(replays.map((body) => body.id)).toEqual([same[0], same[0], same[0], same[0]]);
  expect(server.listRuns()).toHaveLength(10);
});
