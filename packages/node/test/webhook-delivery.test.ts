import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createDevServer, type DevServer } from "@leap-workflows/dev-server";
import { fakeRun, withoutLinkSignature } from "@leap-workflows/test-kit/fixture-server";
import { afterEach, describe, expect, test } from "vitest";
import {
  type BulkRun,
  createMemoryIdStore,
  generateWebhookSecret,
  ValidationError,
  type WebhookIdStore,
  type WorkflowRun,
  Workflows,
  webhookHandler,
} from "../src/index";
import { createWebhookHeaders } from "../src/testing";

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

// Bulk runs read file: CSVs only inside the folder the dev server was started with.
const csvDir = mkdtempSync(join(tmpdir(), "leap-bulk-"));

async function devServer(): Promise<{ server: DevServer; leap: Workflows }> {
  const server = await createDevServer({ webhookRetryDelays: [0.05, 0.05], csvDir });
  cleanups.push(() => server.close());
  return { server, leap: new Workflows({ apiKey: "leap_dev_key", baseUrl: server.url }) };
}

/** `received` resolves with the first value handed to `handle` (as onRun or onBulkRun), or rejects after 60 s. */
function firstDelivered<T = WorkflowRun>(): { handle: (value: T) => void; received: Promise<T> } {
  let resolve: (value: T) => void = () => {};
  const received = new Promise<T>((done, fail) => {
    resolve = done;
    setTimeout(() => fail(new Error("no webhook within 60 s")), 60_000).unref();
  });
  return { handle: (value) => resolve(value), received };
}

const run = fakeRun({ id: "rnp_1", status: "completed" });

async function post(url: string, body: string, headers: Record<string, string>) {
  const response = await fetch(url, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("node webhookHandler end to end", () => {
  test("the dev server delivers a signed webhook; the handler passes the verified run to onRun", async () => {
    const { server, leap } = await devServer();
    const { handle: onRun, received } = firstDelivered();
    const url = await listen(webhookHandler(server.webhookSecret, onRun));
    const created = await leap.run({ workflow_id: "wkf_echo", inputs: { n: 7 }, webhook_url: url });
    const delivered = await received;
    expect(delivered).toEqual(await leap.runs.retrieve(created.id));
    expect(delivered).toMatchObject({ id: created.id, status: "completed", output: { n: 7 } });
  });

  test("confirmWith: an unsigned body only names the run; onRun gets the run as the API returns it", async () => {
    const { leap } = await devServer();
    const { handle: onRun, received } = firstDelivered();
    const url = await listen(webhookHandler(null, onRun, { confirmWith: leap }));
    const created = await leap.runs.createAndWait({ workflow_id: "wkf_echo", inputs: { real: true } });
    const forged = JSON.stringify({ ...run, id: created.id, status: "failed", output: { real: false } });
    expect(await post(url, forged, { "webhook-id": "msg_unsigned" })).toMatchObject({ status: 200 });
    expect(await received).toEqual(await leap.runs.retrieve(created.id));
    expect((await received).output).toEqual({ real: true });
    expect(await post(url, '{"status":"completed"}', {})).toMatchObject({
      status: 400,
      body: { error: { type: "invalid_body" } },
    });
    // An id the API does not know is a bad body (400), not an outage of the API (502).
    const unknown = JSON.stringify({ ...run, id: "rnp_doesNotExist12" });
    const answer = await post(url, unknown, { "webhook-id": "msg_forged" });
    expect(answer).toMatchObject({ status: 400, body: { error: { type: "invalid_body" } } });
    expect(JSON.stringify(answer.body)).toMatch(/rnp_doesNotExist12, which the API does not know/);
  });

  test("a secret with confirmWith: the signature is still required, then the run is re-read", async () => {
    const { server, leap } = await devServer();
    const { handle: onRun, received } = firstDelivered();
    const url = await listen(webhookHandler(server.webhookSecret, onRun, { confirmWith: leap }));
    const created = await leap.runs.createAndWait({ workflow_id: "wkf_echo", inputs: { x: 1 } });
    const forged = JSON.stringify({ ...run, id: created.id });
    expect(await post(url, forged, { "webhook-id": "msg_unsigned" })).toMatchObject({
      status: 401,
      body: { error: { type: "missing_header" } },
    });
    const signed = await createWebhookHeaders({ secret: server.webhookSecret, body: forged });
    expect(await post(url, forged, signed)).toMatchObject({ status: 200 });
    expect(await received).toEqual(await leap.runs.retrieve(created.id));
  });

  test("a missing secret fails at setup and says what to set", () => {
    expect(() => webhookHandler(undefined as unknown as string, () => {})).toThrow(/LEAP_WEBHOOK_SECRET/);
    expect(() => webhookHandler([], () => {})).toThrow(/whsec_/);
    expect(() => webhookHandler(null, () => {})).toThrow(/confirmWith/);
  });

  test("a pluggable async id store drops a delivery another instance already handled", async () => {
    const seen = new Map<string, number>();
    const memory = createMemoryIdStore();
    const shared: WebhookIdStore = {
      claim: async (id, entry) => memory.claim(id, entry),
      complete: async (id, entry) => {
        seen.set(id, entry.ttlSeconds);
        await memory.complete(id, entry);
      },
      release: async (id, entry) => memory.release(id, entry),
    };
    const secret = generateWebhookSecret();
    const calls: string[] = [];
    const first = await listen(
      webhookHandler(secret, (r) => void calls.push(`a:${r.id}`), { dedupe: shared }),
    );
    const second = await listen(
      webhookHandler(secret, (r) => void calls.push(`b:${r.id}`), { dedupe: shared, dedupeTtlSeconds: 60 }),
    );
    const body = JSON.stringify(run);
    const headers = await createWebhookHeaders({ secret, body });
    expect(await post(first, body, headers)).toMatchObject({ status: 200, body: { ok: true } });
    expect(await post(second, body, headers)).toMatchObject({ status: 200, body: { duplicate: true } });
    expect(calls).toEqual(["a:rnp_1"]);
    expect(seen.get(headers["webhook-id"])).toBe(3600);
    // `dedupe: false` hands every repeat to onRun.
    const always = await listen(
      webhookHandler(secret, (r) => void calls.push(`c:${r.id}`), { dedupe: false }),
    );
    await post(always, body, headers);
    await post(always, body, headers);
    expect(calls).toEqual(["a:rnp_1", "c:rnp_1", "c:rnp_1"]);
  });

  test("a copy that arrives while the first is still in onRun gets 409, later copies the duplicate 200", async () => {
    const secret = generateWebhookSecret();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const url = await listen(
      webhookHandler(secret, async () => {
        calls++;
        await gate;
      }),
    );
    const body = JSON.stringify(run);
    const headers = await createWebhookHeaders({ secret, body });
    const first = post(url, body, headers);
    while (calls === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await post(url, body, headers)).toMatchObject({
      status: 409,
      body: { error: { type: "in_progress" } },
    });
    release();
    expect(await first).toEqual({ status: 200, body: { ok: true } });
    expect(await post(url, body, headers)).toEqual({ status: 200, body: { ok: true, duplicate: true } });
    expect(calls).toBe(1);
  });

  test("a failed onRun is handled again on the retry; a failing store.complete after success still answers 200", async () => {
    const secret = generateWebhookSecret();
    const errors: unknown[] = [];
    let attempt = 0;
    const url = await listen(
      webhookHandler(
        secret,
        () => {
          attempt++;
          if (attempt === 1) throw new Error("first attempt fails");
        },
        {
          onError: (error) => errors.push(error),
          dedupe: {
            claim: () => "claimed",
            release: () => {},
            complete: () => {
              throw new Error("store down");
            },
          },
        },
      ),
    );
    const body = JSON.stringify(run);
    const headers = await createWebhookHeaders({ secret, body });
    expect((await post(url, body, headers)).status).toBe(500);
    expect((await post(url, body, headers)).status).toBe(200);
    expect(attempt).toBe(2);
    expect(errors.map((error) => (error as Error).message)).toEqual(["first attempt fails", "store down"]);
  });

  test("a body over maxBodyBytes is answered 413 without calling onRun", async () => {
    const secret = generateWebhookSecret();
    let calls = 0;
    const url = await listen(webhookHandler(secret, () => void calls++, { maxBodyBytes: 1024 }));
    const body = JSON.stringify({ ...run, input: { padding: "x".repeat(200_000) } });
    const answer = await post(url, body, await createWebhookHeaders({ secret, body }));
    expect(answer).toMatchObject({ status: 413, body: { error: { type: "body_too_large" } } });
    expect(calls).toBe(0);
  });
});

// A bulk run's webhook carries the bulk run (told by its shape): webhookHandler hands it to onBulkRun.
/** A finished bulk run of wkf_echo over a 2-row CSV (a file: URL, which the dev server reads). */
async function finishedBulkRun(leap: Workflows, webhookUrl?: string): Promise<BulkRun> {
  const csv = join(mkdtempSync(join(csvDir, "bulk-")), "rows.csv");
  writeFileSync(csv, "name\nAda\nGrace\n");
  const bulk = await leap.bulkRuns.create({
    workflow_id: "wkf_echo",
    input_csv_url: pathToFileURL(csv).href,
    ...(webhookUrl ? { webhook_url: webhookUrl } : {}),
  });
  return leap.bulkRuns.wait(bulk.id, { initialInterval: 10 });
}

describe("bulk runs' webhooks", () => {
  test("the dev server's bulk-run webhook reaches onBulkRun verified; onRun is not called for it", async () => {
    const { server, leap } = await devServer();
    const bulk = firstDelivered<BulkRun>();
    let runs = 0;
    const url = await listen(
      webhookHandler(server.webhookSecret, () => void runs++, {
        onBulkRun: (bulkRun) => bulk.handle(bulkRun),
      }),
    );
    const done = await finishedBulkRun(leap, url);
    expect(done).toMatchObject({ status: "completed", row_count: 2 });
    expect(withoutLinkSignature(await bulk.received)).toEqual(
      withoutLinkSignature(await leap.bulkRuns.retrieve(done.id)),
    );
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
    expect((answer.body.error as { message: string }).message).toMatch(/onBulkRun/);

    const withBulk = await listen(
      webhookHandler(secret, () => {}, { onBulkRun: () => {}, onError: () => {} }),
    );
    const broken = JSON.stringify({ ...done, row_count: "two" });
    const rejected = await post(withBulk, broken, await createWebhookHeaders({ secret, body: broken }));
    expect(rejected).toMatchObject({ status: 400, body: { error: { type: "invalid_body" } } });
    expect((rejected.body.error as { message: string }).message).toMatch(/not a Bulk Run: .*row_count/);
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
    expect((failed.body.error as { message: string }).message).toMatch(/onBulkRun failed/);
    expect((await post(url, body, headers)).status).toBe(200);
    expect(await post(url, body, headers)).toMatchObject({ status: 200, body: { duplicate: true } });
    expect(calls).toBe(2);
  });

  test("confirmWith: an unsigned bulk body only names the bulk run, which is re-read with bulkRuns.retrieve", async () => {
    const { leap } = await devServer();
    const done = await finishedBulkRun(leap);
    const bulk = firstDelivered<BulkRun>();
    const url = await listen(webhookHandler(null, () => {}, { confirmWith: leap, onBulkRun: bulk.handle }));
    const forged = JSON.stringify({ ...done, status: "failed", row_count: 99 });
    expect((await post(url, forged, { "webhook-id": "msg_unsigned" })).status).toBe(200);
    expect(withoutLinkSignature(await bulk.received)).toEqual(
      withoutLinkSignature(await leap.bulkRuns.retrieve(done.id)),
    );
    // A client that cannot read bulk runs cannot confirm them: said at setup, not on the first delivery.
    const runsOnly = { runs: leap.runs };
    expect(() => webhookHandler(null, () => {}, { confirmWith: runsOnly, onBulkRun: () => {} })).toThrow(
      ValidationError,
    );
    expect(() => webhookHandler(null, () => {}, { confirmWith: runsOnly, onBulkRun: () => {} })).toThrow(
      /confirmWith\.bulkRuns/,
    );
  });
});
