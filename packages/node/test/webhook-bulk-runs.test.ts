import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createDevServer, type DevServer } from "@leap-workflows/dev-server";
import { afterEach, expect, test } from "vitest";
import { type BulkRun, createWebhookHeaders, ValidationError, Workflows, webhookHandler } from "../src/index";

// A bulk run's webhook carries the bulk run (bkr_…), not a run: webhookHandler hands it to onBulkRun.

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function listen(listener: RequestListener): Promise<string> {
  const server: Server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/leap`;
}

async function devServer(): Promise<{ server: DevServer; leap: Workflows }> {
  const server = await createDevServer({ webhookRetryDelays: [0.05, 0.05] });
  cleanups.push(() => server.close());
  return { server, leap: new Workflows({ apiKey: "leap_dev_key", baseUrl: server.url }) };
}

/** A finished bulk run of wkf_echo over a 2-row CSV (a file: URL, which the dev server reads). */
async function finishedBulkRun(leap: Workflows, webhookUrl?: string): Promise<BulkRun> {
  const csv = join(mkdtempSync(join(tmpdir(), "leap-bulk-")), "rows.csv");
  writeFileSync(csv, "name\nAda\nGrace\n");
  const bulk = await leap.bulkRuns.create({
    workflow_id: "wkf_echo",
    input_csv_url: pathToFileURL(csv).href,
    ...(webhookUrl ? { webhook_url: webhookUrl } : {}),
  });
  return leap.bulkRuns.wait(bulk.id, { initialInterval: 10 });
}

function first<T>(): { take: (value: T) => void; received: Promise<T> } {
  let take: (value: T) => void = () => {};
  const received = new Promise<T>((resolve, reject) => {
    take = resolve;
    setTimeout(() => reject(new Error("nothing within 5 s")), 5_000).unref();
  });
  return { take, received };
}

async function post(url: string, body: string, headers: Record<string, string>) {
  const response = await fetch(url, { method: "POST", body, headers: { ...headers } });
  return {
    status: response.status,
    body: (await response.json()) as { error?: { type: string; message: string } },
  };
}

test("the dev server's bulk-run webhook reaches onBulkRun verified; onRun is not called for it", async () => {
  const { server, leap } = await devServer();
  const bulk = first<BulkRun>();
  let runs = 0;
  const url = await listen(
    webhookHandler(server.webhookSecret, () => void runs++, { onBulkRun: (bulkRun) => bulk.take(bulkRun) }),
  );
  const done = await finishedBulkRun(leap, url);
  expect(done).toMatchObject({ status: "completed", row_count: 2 });
  expect(await bulk.received).toEqual(await leap.bulkRuns.retrieve(done.id));
  expect(runs).toBe(0);
});

test("without onBulkRun a signed bulk run is answered 400 naming the option; a bad bulk body names its field", async () => {
  const { server, leap } = await devServer();
  const done = await finishedBulkRun(leap);
  const secret = server.webhookSecret;
  const url = await listen(webhookHandler(secret, () => {}, { onError: () => {} }));
  const body = JSON.stringify(done);
  const answer = await post(url, body, await createWebhookHeaders({ secret, body }));
  expect(answer).toMatchObject({ status: 400, body: { error: { type: "invalid_body" } } });
  expect(answer.body.error?.message).toMatch(/onBulkRun/);

  const withBulk = await listen(webhookHandler(secret, () => {}, { onBulkRun: () => {}, onError: () => {} }));
  const broken = JSON.stringify({ ...done, row_count: "two" });
  const rejected = await post(withBulk, broken, await createWebhookHeaders({ secret, body: broken }));
  expect(rejected).toMatchObject({ status: 400, body: { error: { type: "invalid_body" } } });
  expect(rejected.body.error?.message).toMatch(/not a Bulk Run: .*row_count/);
});

test("onBulkRun failing answers 500 (retried), and a repeated webhook-id is handled once", async () => {
  const { server, leap } = await devServer();
  const done = await finishedBulkRun(leap);
  const secret = server.webhookSecret;
  let calls = 0;
  const url = await listen(
    webhookHandler(secret, () => {}, {
      onError: () => {},
      onBulkRun: () => {
        calls++;
        if (calls === 1) throw new Error("first attempt fails");
      },
    }),
  );
  const body = JSON.stringify(done);
  const headers = await createWebhookHeaders({ secret, body });
  const failed = await post(url, body, headers);
  expect(failed).toMatchObject({ status: 500, body: { error: { type: "handler_failed" } } });
  expect(failed.body.error?.message).toMatch(/onBulkRun failed/);
  expect((await post(url, body, headers)).status).toBe(200);
  expect(await post(url, body, headers)).toMatchObject({ status: 200, body: { duplicate: true } });
  expect(calls).toBe(2);
});

test("confirmWith: an unsigned bulk body only names the bulk run, which is re-read with bulkRuns.retrieve", async () => {
  const { leap } = await devServer();
  const done = await finishedBulkRun(leap);
  const bulk = first<BulkRun>();
  const url = await listen(webhookHandler(null, () => {}, { confirmWith: leap, onBulkRun: bulk.take }));
  const forged = JSON.stringify({ ...done, status: "failed", row_count: 99 });
  expect((await post(url, forged, { "webhook-id": "msg_unsigned" })).status).toBe(200);
  expect(await bulk.received).toEqual(await leap.bulkRuns.retrieve(done.id));
  // A client that cannot read bulk runs cannot confirm them: said at setup, not on the first delivery.
  const runsOnly = { runs: leap.runs };
  expect(() => webhookHandler(null, () => {}, { confirmWith: runsOnly, onBulkRun: () => {} })).toThrow(
    ValidationError,
  );
  expect(() => webhookHandler(null, () => {}, { confirmWith: runsOnly, onBulkRun: () => {} })).toThrow(
    /confirmWith\.bulkRuns/,
  );
});
