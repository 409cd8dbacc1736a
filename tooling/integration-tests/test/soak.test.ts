import { Workflows as CoreWorkflows, LeapError, type WorkflowsOptions } from "@leap-workflows/core";
import { createDevServer, type DevServer } from "@leap-workflows/dev-server";
import { type FaultProxy, faultMix, startFaultProxy } from "@leap-workflows/fault-proxy";
import { Workflows as NodeWorkflows } from "@leap-workflows/node";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const CALLS = 2_000;
const CONCURRENCY = 32;

let server: DevServer;
let proxy: FaultProxy;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  server = await createDevServer({ concurrency: 64 });
  proxy = await startFaultProxy(server.url);
  proxy.setFaults(
    faultMix(
      [
        [{ kind: "pass" }, 60],
        [{ kind: "reset-before" }, 5],
        [{ kind: "reset-after" }, 5],
        [{ kind: "status", status: 500 }, 4],
        [{ kind: "status", status: 502 }, 4],
        [{ kind: "status", status: 503 }, 4],
        [{ kind: "status", status: 429, headers: { "retry-after-ms": "5" } }, 5],
        [{ kind: "stall-headers" }, 2],
        [{ kind: "stall-body" }, 2],
        [{ kind: "truncate" }, 4],
        [{ kind: "non-json" }, 3],
        [{ kind: "wrong-content-type" }, 2],
      ],
      20261128,
    ),
  );
});
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await proxy.close();
  await server.close();
});

/** Runs `CALLS` mixed calls (run, retrieve, wait) with `CONCURRENCY` in flight; returns how each ended. */
async function soak(leap: CoreWorkflows): Promise<{ outcomes: Map<string, number>; runCalls: number }> {
  const outcomes = new Map<string, number>();
  const count = (outcome: string) => outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  const runIds: string[] = [];
  let next = 0;
  let runCalls = 0;
  const worker = async () => {
    while (next < CALLS) {
      const call = next++;
      try {
        if (call % 3 === 0 || runIds.length === 0) {
          runCalls++;
          const run = await leap.run({ workflow_id: "wkf_echo", inputs: { call } });
          runIds.push(run.id);
        } else if (call % 3 === 1) {
          await leap.runs.retrieve(runIds[call % runIds.length] ?? "");
        } else {
          await leap.runs.wait(runIds[call % runIds.length] ?? "", { initialInterval: 5, timeout: 5_000 });
        }
        count("ok");
      } catch (error) {
        // Every failure must be one of ours, typed: never a raw TypeError or an unknown rejection.
        expect(LeapError.isInstance(error), String(error)).toBe(true);
        count((error as LeapError).name);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { outcomes, runCalls };
}

const options: WorkflowsOptions = { apiKey: "leap_dev_key", timeout: 300, maxRetries: 4 };

describe.each([
  ["core on fetch", () => new CoreWorkflows({ ...options, baseUrl: proxy.url })],
  ["node on undici", () => new NodeWorkflows({ ...options, baseUrl: proxy.url })],
])("soak through the fault proxy: %s", (_, createClient) => {
  test(`${CALLS} calls end in success or a typed error, with no duplicate run and no unhandled rejection`, async () => {
    const before = proxy.seen.length;
    const runsBefore = server.listRuns().length;
    const { outcomes, runCalls } = await soak(createClient());
    const total = [...outcomes.values()].reduce((sum, n) => sum + n, 0);
    expect(total).toBe(CALLS);
    expect(outcomes.get("ok") ?? 0).toBeGreaterThan(CALLS * 0.9);
    const faults = proxy.seen.slice(before).filter((request) => request.fault !== "pass").length;
    expect(faults).toBeGreaterThan(CALLS * 0.2);

    // Retried POSTs (after reset-after the server did the work) must never start a second run: at most one
    // run per logical call, and one per Idempotency-Key.
    expect(server.listRuns().length - runsBefore).toBeLessThanOrEqual(runCalls);
    const perKey = new Map<string, number>();
    for (const run of server.listRuns()) {
      if (run.idempotency_key) perKey.set(run.idempotency_key, (perKey.get(run.idempotency_key) ?? 0) + 1);
    }
    expect([...perKey.values()].filter((n) => n > 1)).toEqual([]);
    expect(unhandled).toEqual([]);
    console.log(`${_}: ${JSON.stringify(Object.fromEntries(outcomes))}, ${faults} injected faults`);
  });
});
