import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type DeliveryAnswer,
  deliverUntilAccepted,
  finishedRunBody,
} from "@leap-workflows/test-kit/webhook-sender";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generateWebhookSecret } from "../../src/index";
import { createWebhookHeaders } from "../../src/testing";
import { countOnRuns, type Receiver, type ReceiverSettings, stopReceiver } from "./receiver-processes";

// Webhook receivers at scale: four receiver processes (node:http + webhookHandler + the store's id store, two on
// each of its client libraries) share one real server. A sender signing like Leap delivers each run to one
// instance and replays it at the same moment to two others, retrying 409s and 500s as a sender does.

/** A running store server the receivers share. */
interface StoreServer<Library extends string> {
  /** Starts a receiver process (the store's receiver-process.mjs) on this server through `library`. */
  startReceiver(library: Library, settings: ReceiverSettings): Promise<Receiver>;
  stop(): Promise<void>;
}

/** What the suite needs of a store: its name, its client libraries, and how to start its server. */
export interface SharedStore<Library extends string> {
  /** The suite's name ends with it: "four receivers sharing <name>". */
  name: string;
  /**
   * Two client libraries, alternated over the four receivers. The instance SIGKILLed in onRun runs the second,
   * the one whose onRun throws the first; their retries go to instances of both.
   */
  libraries: readonly [Library, Library];
  start(): Promise<StoreServer<Library>>;
}

// `pnpm test` delivers 500 runs; `pnpm test:stress` (LEAP_FULL_PROOFS, which turbo.json hashes) the full 2,000.
const RUNS = process.env.LEAP_FULL_PROOFS ? 2_000 : 500;
/**
 * A hang guard derived from the work, not a speed limit: the runs take about 50 ms each on a 2-core machine
 * loaded to a load average of 20, so 250 ms per run is far above what this test needs.
 */
const HANG_GUARD_MS = RUNS * 250;

async function post(url: string, body: string, headers: Record<string, string>): Promise<DeliveryAnswer> {
  const response = await fetch(url, {
    method: "POST",
    body,
    headers: { ...headers, "content-type": "application/json" },
  });
  return { status: response.status, body: (await response.json()) as DeliveryAnswer["body"] };
}

/** Posts like an at-least-once sender (again after a 409 or 5xx, bounded) until a 200; returns every answer. */
const deliver = (url: string, body: string, headers: Record<string, string>) =>
  deliverUntilAccepted(() => post(url, body, headers), 2_000);

/** Runs `task` for 0..count-1 with at most `limit` in flight. */
async function pool(count: number, limit: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

/** The many-receivers proofs against `store`: claims shared across processes and client libraries. */
export function describeReceiversSharingAStore<Library extends string>(store: SharedStore<Library>): void {
  const secret = generateWebhookSecret();
  const dir = mkdtempSync(join(tmpdir(), "leap-receivers-"));
  const [firstLibrary, secondLibrary] = store.libraries;
  let server: StoreServer<Library> | undefined;
  let receivers: Receiver[] = [];
  const extra: Receiver[] = [];
  const logFiles = (...more: Receiver[]) => [...more, ...receivers].map((receiver) => receiver.logFile);

  beforeAll(async () => {
    const started = await store.start();
    server = started;
    receivers = await Promise.all(
      [firstLibrary, secondLibrary, firstLibrary, secondLibrary].map((library, index) =>
        started.startReceiver(library, { secret, logFile: join(dir, `receiver-${index}.log`) }),
      ),
    );
  });
  afterAll(async () => {
    await Promise.all([...receivers, ...extra].map((receiver) => stopReceiver(receiver)));
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts one more receiver, stopped with the others after the suite. */
  async function startExtra(library: Library, settings: Omit<ReceiverSettings, "secret">): Promise<Receiver> {
    if (server === undefined) throw new Error("the store's server did not start");
    const receiver = await server.startReceiver(library, { secret, ...settings });
    extra.push(receiver);
    return receiver;
  }

  describe(`four receivers sharing ${store.name}`, () => {
    test(
      `${RUNS} runs, each delivered to one instance and replayed to two others at once: onRun once each`,
      async () => {
        const processedAnswers = new Map<string, number>();
        const webhookIds: string[] = [];
        await pool(RUNS, 32, async (index) => {
          const body = finishedRunBody(`rnp_${index}`);
          const headers = { ...(await createWebhookHeaders({ secret, body, id: `msg_bulk_${index}` })) };
          webhookIds.push(headers["webhook-id"]);
          const copies = [0, 1, 2].map((offset) => receivers[(index + offset) % receivers.length]?.url ?? "");
          const answers = (await Promise.all(copies.map((url) => deliver(url, body, headers)))).flat();
          const processed = answers.filter(
            (answer) => answer.status === 200 && answer.body.duplicate !== true,
          );
          processedAnswers.set(headers["webhook-id"], processed.length);
          for (const answer of answers) expect([200, 409]).toContain(answer.status);
        });
        const { starts, dones } = countOnRuns(logFiles());
        const once = (counts: Map<string, number>) => webhookIds.filter((id) => counts.get(id) === 1).length;
        // Every webhook id: onRun started once, finished once, and exactly one answer said "processed".
        expect(webhookIds).toHaveLength(RUNS);
        expect(once(starts)).toBe(RUNS);
        expect(once(dones)).toBe(RUNS);
        expect(once(processedAnswers)).toBe(RUNS);
        expect(starts.size).toBe(RUNS);
        // Every instance took part (deliveries rotate over them), so the claim really was shared.
        const perInstance = receivers.map((receiver) => countOnRuns([receiver.logFile]).dones.size);
        for (const count of perInstance) expect(count).toBeGreaterThan(0);
      },
      HANG_GUARD_MS,
    );

    test("an instance SIGKILLed in the middle of onRun: after its claim expires, the retry is processed once", async () => {
      const hangId = "msg_killed_in_onrun";
      const doomed = await startExtra(secondLibrary, {
        logFile: join(dir, "doomed.log"),
        claimTtlSeconds: 1,
        hangId,
      });
      const body = finishedRunBody("rnp_killed");
      const headers = { ...(await createWebhookHeaders({ secret, body, id: hangId })) };
      const first = post(doomed.url, body, headers).catch((error: unknown) => error);
      await doomed.waitFor(/hanging in onRun/);
      await stopReceiver(doomed, "SIGKILL");
      expect(await first).toBeInstanceOf(Error); // the connection died with the process
      // The sender retries (409 while the dead instance's 1 s claim lives), to two live instances at once.
      const answers = (
        await Promise.all(
          [receivers[0], receivers[1]].map((receiver) => deliver(receiver?.url ?? "", body, headers)),
        )
      ).flat();
      const { starts, dones } = countOnRuns(logFiles(doomed));
      expect(starts.get(hangId)).toBe(2); // the killed attempt and the one retry that ran
      expect(dones.get(hangId)).toBe(1);
      expect(answers.filter((answer) => answer.status === 200 && !answer.body.duplicate)).toHaveLength(1);
      // Later replays are duplicates.
      expect(await post(receivers[2]?.url ?? "", body, headers)).toEqual({
        status: 200,
        body: { ok: true, duplicate: true },
      });
    });

    test("onRun throwing releases the claim at once: the next attempt, on another instance, is processed", async () => {
      const failId = "msg_onrun_throws";
      const failing = await startExtra(firstLibrary, { logFile: join(dir, "failing.log"), failId });
      const body = finishedRunBody("rnp_throws");
      const headers = { ...(await createWebhookHeaders({ secret, body, id: failId })) };
      expect(await post(failing.url, body, headers)).toMatchObject({
        status: 500,
        body: { error: { type: "handler_failed" } },
      });
      // Not 409: the claim (60 s by default) was released before the 500 went out.
      expect(await post(receivers[3]?.url ?? "", body, headers)).toEqual({ status: 200, body: { ok: true } });
      expect(await post(failing.url, body, headers)).toEqual({
        status: 200,
        body: { ok: true, duplicate: true },
      });
      const { starts, dones } = countOnRuns(logFiles(failing));
      expect(starts.get(failId)).toBe(2);
      expect(dones.get(failId)).toBe(1);
    });
  });
}
