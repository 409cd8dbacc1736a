import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type DeliveryAnswer,
  deliverUntilAccepted,
  finishedRunBody,
} from "@leap-workflows/test-kit/webhook-sender";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generateWebhookSecret } from "../src/index";
import { createWebhookHeaders } from "../src/testing";
import { bundleForWorker } from "./bundle";

// The Durable Object id store inside workerd (miniflare): three receiver Workers (separate isolates) share one
// WEBHOOK_IDS namespace; a fourth holds its claims for 1 s only and hangs in onRun for one id, as a crashed
// instance would; a fifth throws in onRun for one id. A node:http counter in this process counts onRun.

const secret = generateWebhookSecret();
const counts = { start: new Map<string, number>(), done: new Map<string, number>() };
const hanging: ServerResponse[] = [];
let counter: Server;
let miniflare: Miniflare;
const RECEIVERS = ["receiver-a", "receiver-b", "receiver-c"];

beforeAll(async () => {
  counter = createServer((request, response) => {
    const [, event = "", id = ""] = (request.url ?? "").split("/");
    if (event === "hang") {
      hanging.push(response);
      return;
    }
    const map = event === "start" ? counts.start : counts.done;
    map.set(id, (map.get(id) ?? 0) + 1);
    response.end("ok");
  });
  await new Promise<void>((resolve) => counter.listen(0, "127.0.0.1", resolve));
  const COUNTER_URL = `http://127.0.0.1:${(counter.address() as AddressInfo).port}`;
  const script = await bundleForWorker("./runtimes/id-store-worker.ts");
  const worker = (name: string, bindings: Record<string, string> = {}) => ({
    name,
    modules: true,
    script,
    compatibilityDate: "2025-09-01",
    bindings: { SECRET: secret, COUNTER_URL, ...bindings },
    durableObjects: {
      WEBHOOK_IDS:
        name === "receiver-a"
          ? { className: "WebhookIdStoreDurableObject", useSQLite: true }
          : { className: "WebhookIdStoreDurableObject", scriptName: "receiver-a", useSQLite: true },
    },
  });
  miniflare = new Miniflare({
    workers: [
      ...RECEIVERS.map((name) => worker(name)),
      worker("crashing", { CLAIM_TTL_SECONDS: "1", HANG_ID: "msg_dies_in_onrun" }),
      worker("throwing", { FAIL_ID: "msg_onrun_throws" }),
    ],
  });
  await miniflare.ready;
});
afterAll(async () => {
  for (const response of hanging) response.destroy();
  await miniflare?.dispose();
  await new Promise((resolve) => counter?.close(resolve));
});

interface WorkerFetcher {
  fetch(url: string, init: RequestInit): Promise<Response>;
}
const workers = new Map<string, WorkerFetcher>();
// miniflare types its Fetcher with workers-types, which this package does not load.
async function workerNamed(name: string): Promise<WorkerFetcher> {
  let worker = workers.get(name);
  if (worker === undefined) {
    worker = (await miniflare.getWorker(name)) as unknown as WorkerFetcher;
    workers.set(name, worker);
  }
  return worker;
}

async function post(
  workerName: string,
  body: string,
  headers: Record<string, string>,
): Promise<DeliveryAnswer> {
  const worker = await workerNamed(workerName);
  const response = await worker.fetch("https://receiver.test/hooks/leap", { method: "POST", body, headers });
  return { status: response.status, body: (await response.json()) as DeliveryAnswer["body"] };
}

/** Posts like a sender (again after a 409 or 500, bounded) until a 200; returns every answer. */
const deliver = (workerName: string, body: string, headers: Record<string, string>) =>
  deliverUntilAccepted(() => post(workerName, body, headers));

describe("durableObjectIdStore in workerd", () => {
  test("60 deliveries, each sent to three Workers at once: onRun once per webhook-id", async () => {
    const ids: string[] = [];
    let processed = 0;
    await Promise.all(
      Array.from({ length: 60 }, async (_, index) => {
        const body = finishedRunBody(`rnp_${index}`);
        const headers = { ...(await createWebhookHeaders({ secret, body, id: `msg_do_${index}` })) };
        ids.push(headers["webhook-id"]);
        const answers = (
          await Promise.all(
            [0, 1, 2].map((copy) =>
              deliver(RECEIVERS[(index + copy) % RECEIVERS.length] ?? "", body, headers),
            ),
          )
        ).flat();
        for (const answer of answers) expect([200, 409]).toContain(answer.status);
        processed += answers.filter((answer) => answer.status === 200 && !answer.body.duplicate).length;
      }),
    );
    expect(ids.filter((id) => counts.start.get(id) === 1)).toHaveLength(60);
    expect(ids.filter((id) => counts.done.get(id) === 1)).toHaveLength(60);
    expect(processed).toBe(60);
  }, 120_000);

  test("an instance stuck (as if dead) in onRun: once its 1 s claim expires, the retry is processed once", async () => {
    const id = "msg_dies_in_onrun";
    const body = finishedRunBody("rnp_dies");
    const headers = { ...(await createWebhookHeaders({ secret, body, id })) };
    const abandoned = new AbortController();
    const worker = await workerNamed("crashing");
    // Not awaited: the sender gives up on the dead instance and retries elsewhere; whether workerd settles the
    // abandoned request, and when, is not what this test is about (awaiting it once hung a loaded run).
    void worker
      .fetch("https://receiver.test/hooks/leap", { method: "POST", body, headers, signal: abandoned.signal })
      .catch(() => {});
    for (let waited = 0; hanging.length === 0; waited += 10) {
      if (waited > 30_000) throw new Error("the crashing Worker never reached onRun's hanging call");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    abandoned.abort();
    const answers = (await Promise.all(RECEIVERS.map((name) => deliver(name, body, headers)))).flat();
    expect(counts.start.get(id)).toBe(2);
    expect(counts.done.get(id)).toBe(1);
    expect(answers.filter((answer) => answer.status === 200 && !answer.body.duplicate)).toHaveLength(1);
  });

  test("onRun throwing releases the claim: the next attempt, on another Worker, is processed", async () => {
    const id = "msg_onrun_throws";
    const body = finishedRunBody("rnp_throws");
    const headers = { ...(await createWebhookHeaders({ secret, body, id })) };
    expect(await post("throwing", body, headers)).toMatchObject({
      status: 500,
      body: { error: { type: "handler_failed" } },
    });
    // Not 409: the 60 s claim was released before the 500 went out.
    expect(await post("receiver-b", body, headers)).toEqual({ status: 200, body: { ok: true } });
    expect(await post("throwing", body, headers)).toEqual({
      status: 200,
      body: { ok: true, duplicate: true },
    });
    expect(counts.start.get(id)).toBe(2);
    expect(counts.done.get(id)).toBe(1);
  });
});
