import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Workflows } from "@leap-workflows/core";
import { afterEach, expect, test } from "vitest";
import { createDevServer, type DevServer } from "../src/index";
import { eventually, startReceiver } from "./helpers";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function start(data: string, csvDir: string): Promise<DevServer> {
  const server = await createDevServer({ data, csvDir, webhookRetryDelays: [0.05] });
  cleanups.push(() => server.close());
  return server;
}

test("listBulkRuns and deliveries show what the data folder holds, also after a restart", async () => {
  const dir = mkdtempSync(join(tmpdir(), "leap-views-"));
  const data = join(dir, "data");
  const csv = join(dir, "rows.csv");
  writeFileSync(csv, "text\na\nb\n");
  // The receiver fails each delivery's first attempt, so every run has two attempts to list.
  const seen = new Map<string, number>();
  const receiver = await startReceiver(({ headers }) => {
    const id = String(headers["webhook-id"]);
    seen.set(id, (seen.get(id) ?? 0) + 1);
    return seen.get(id) === 1 ? 500 : 200;
  });
  cleanups.push(receiver.close);

  const first = await start(data, dir);
  expect(first.listBulkRuns()).toEqual([]);
  const leap = new Workflows({ apiKey: "leap_dev_key", baseUrl: first.url });
  const older = await leap.bulkRuns.create(
    { workflow_id: "wkf_echo", input_csv_url: pathToFileURL(csv).href, webhook_url: receiver.url },
    { idempotencyKey: "bulk-key" },
  );
  const newer = await leap.bulkRuns.create({
    workflow_id: "wkf_echo",
    input_csv_url: pathToFileURL(csv).href,
  });
  for (const bulk of [older, newer]) await leap.bulkRuns.wait(bulk.id, { initialInterval: 10 });
  const single = await leap.run({ workflow_id: "wkf_echo", inputs: { x: 1 }, webhook_url: receiver.url });
  await eventually(() => first.deliveries(single.id).length === 2 && first.deliveries(older.id).length === 2);

  const listed = first.listBulkRuns();
  // Oldest first, as GET /v1/runs/bulk/{id} shows each (a fresh output link apart), with its key as sent.
  expect(listed.map((bulk) => bulk.id)).toEqual([older.id, newer.id]);
  const retrieved = await leap.bulkRuns.retrieve(older.id);
  const { output_csv_url: listedLink, ...listedRest } = listed[0] ?? ({} as never);
  const { output_csv_url: retrievedLink, ...retrievedRest } = retrieved;
  expect(listedRest).toEqual({ ...retrievedRest, idempotency_key: "bulk-key" });
  expect(listedLink?.split("?")[0]).toBe(retrievedLink?.split("?")[0]);
  expect((await fetch(listedLink ?? "")).status).toBe(200);
  expect(listed[1]).toMatchObject({ status: "completed", row_count: 2 });
  const attempts = first.deliveries(single.id);
  expect(attempts.map((attempt) => [attempt.attempt, attempt.status_code])).toEqual([
    [1, 500],
    [2, 200],
  ]);
  expect(first.deliveries("rnp_unknown")).toEqual([]);
  const bulkAttempts = first.deliveries(older.id);
  await first.close();

  const second = await start(data, dir);
  expect(second.listBulkRuns().map(({ output_csv_url: _, ...bulk }) => bulk)).toEqual(
    listed.map(({ output_csv_url: _, ...bulk }) => bulk),
  );
  const rows = second.listRuns().filter((run) => run.bulk_run_id === older.id);
  expect(rows.map((run) => run.input)).toEqual([{ text: "a" }, { text: "b" }]);
  expect(second.deliveries(single.id)).toEqual(attempts);
  expect(second.deliveries(older.id)).toEqual(bulkAttempts);
}, 60_000);
