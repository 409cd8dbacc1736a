import { Workflows as CoreWorkflows, LeapError, type WorkflowsOptions } from "@leap-workflows/core";
import { createDevServer, type DevServer } from "@leap-workflows/dev-server";
import {
  type ChooseFault,
  type Fault,
  type FaultProxy,
  faultMix,
  startFaultProxy,
} from "@leap-workflows/fault-proxy";
import { Workflows as NodeWorkflows } from "@leap-workflows/node";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

/**
 * Calls per client; the two clients (core on fetch, node on undici) soak at the same time. `pnpm test` makes 600
 * each; `pnpm test:stress` sets `LEAP_FULL_PROOFS` for 2,000, and `SOAK_CALLS` sets any number (turbo.json hashes
 * both, so a cached result of one size is never replayed for another). From 300 up, every fault kind is injected
 * whatever the timing (see `faultsFor`).
 */
const CALLS = Number(process.env.SOAK_CALLS ?? (process.env.LEAP_FULL_PROOFS ? 2_000 : 600));
const CONCURRENCY = 24;
/** Each client tags its requests so that both soaks can share one proxy and one dev server at the same time. */
const CLIENT_HEADER = "x-soak-client";

// About 22% of requests get a fault. With maxRetries 3 a request fails only after 4 faults in a row (~0.2%),
// so most calls succeed while every fault kind is still hit dozens of times per client.
const FAULTS: [Fault, number][] = [
  [{ kind: "pass" }, 78],
  [{ kind: "reset-before" }, 3],
  [{ kind: "reset-after" }, 4],
  [{ kind: "status", status: 500 }, 2],
  [{ kind: "status", status: 502 }, 2],
  [{ kind: "status", status: 503, headers: { "retry-after-ms": "10" } }, 2],
  [{ kind: "status", status: 429, headers: { "retry-after-ms": "5" } }, 2],
  [{ kind: "status", status: 429, headers: { "retry-after": "0" } }, 1],
  [{ kind: "stall-headers" }, 0.75],
  [{ kind: "stall-body" }, 0.75],
  [{ kind: "truncate" }, 2],
  [{ kind: "non-json" }, 1.5],
  [{ kind: "wrong-content-type" }, 1.5],
];

// The real backoff (0.5 s, 1 s, 2 s with jitter) is what the soak exercises. The timeout ends stalled answers;
// it leaves room for a loaded machine, where a healthy answer can take seconds (at 3 s, 1% of the calls of a
// run beside two busy loops on an already loaded machine timed out four times in a row).
const ATTEMPT_TIMEOUT_MS = 5_000;
const MAX_RETRIES = 3;
const WAIT_TIMEOUT_MS = 20_000;
const options: WorkflowsOptions = {
  apiKey: "leap_dev_key",
  timeout: ATTEMPT_TIMEOUT_MS,
  maxRetries: MAX_RETRIES,
};

/**
 * The longest one call can last by the clients' own timers: every attempt timing out, plus the longest backoff
 * (at most 0.5 + 1 + 2 s; the faults' `retry-after` asks less), or a `wait` reaching its deadline.
 */
const LONGEST_CALL_MS = Math.max((MAX_RETRIES + 1) * ATTEMPT_TIMEOUT_MS + 3_500, WAIT_TIMEOUT_MS);
/**
 * Vitest's timeout is a hang guard derived from the work, not a speed limit: each of the `CONCURRENCY` workers
 * makes its share of the calls one after another, none longer than `LONGEST_CALL_MS`; doubled for the event
 * loop's delays on a loaded machine. Only a call the clients fail to end can reach it.
 */
const HANG_GUARD_MS = 2 * Math.ceil(CALLS / CONCURRENCY) * LONGEST_CALL_MS;

/**
 * One seeded fault sequence per client and method, so that which request gets which fault does not depend on how
 * the two clients' requests interleave: a client's first `CALLS / 3` GETs and POSTs (it always sends at least
 * that many) hold every fault kind for the seeds below, and its POSTs several `reset-after`s.
 */
function faultsFor(): ChooseFault {
  const sequences = new Map<string, ChooseFault>();
  return (request) => {
    const key = `${String(request.headers[CLIENT_HEADER])} ${request.method}`;
    let choose = sequences.get(key);
    if (!choose) {
      choose = faultMix(FAULTS, seedOf(key));
      sequences.set(key, choose);
    }
    return choose(request);
  };
}

/** FNV-1a of `text`: a stable seed per client and method. */
function seedOf(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash >>> 0;
}

let server: DevServer;
let proxy: FaultProxy;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  server = await createDevServer({ concurrency: 64 });
  proxy = await startFaultProxy(server.url);
  proxy.setFaults(faultsFor());
});
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await proxy.close();
  await server.close();
});

interface SoakResult {
  outcomes: Record<string, number>;
  runCalls: number;
  /** The run id each successful `run` call got back. */
  startedRunIds: string[];
  ms: number;
}

/** `CALLS` mixed calls (run, retrieve, wait) with `CONCURRENCY` in flight; every one must settle. */
async function soak(leap: CoreWorkflows, client: string): Promise<SoakResult> {
  const outcomes: Record<string, number> = {};
  const startedRunIds: string[] = [];
  const runIds: string[] = [];
  let next = 0;
  let runCalls = 0;
  const started = Date.now();
  const worker = async () => {
    while (next < CALLS) {
      const call = next++;
      let outcome = "ok";
      try {
        if (call % 3 === 0 || runIds.length === 0) {
          runCalls++;
          const run = await leap.run({ workflow_id: "wkf_echo", inputs: { client, call } });
          startedRunIds.push(run.id);
          runIds.push(run.id);
        } else if (call % 3 === 1) {
          await leap.runs.retrieve(runIds[call % runIds.length] ?? "");
        } else {
          const run = await leap.runs.wait(runIds[call % runIds.length] ?? "", {
            initialInterval: 5,
            maxInterval: 50,
            timeout: WAIT_TIMEOUT_MS,
          });
          expect(run.status).toBe("completed");
        }
      } catch (error) {
        // Every failure must be one of ours, typed: never a raw TypeError, AbortError or SyntaxError.
        if (!LeapError.isInstance(error)) throw error;
        outcome = error.name;
      }
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { outcomes, runCalls, startedRunIds, ms: Date.now() - started };
}

describe.concurrent("soak through the fault proxy against the dev server", () => {
  test.each([
    [
      "core on fetch",
      (client: string) =>
        new CoreWorkflows({ ...options, baseUrl: proxy.url, headers: { [CLIENT_HEADER]: client } }),
    ],
    [
      "node on undici",
      (client: string) =>
        new NodeWorkflows({ ...options, baseUrl: proxy.url, headers: { [CLIENT_HEADER]: client } }),
    ],
  ])(
    `%s: ${CALLS} calls end in success or a typed error, with no duplicate run`,
    async (client, createClient) => {
      const result = await soak(createClient(client), client);
      const settled = Object.values(result.outcomes).reduce((sum, n) => sum + n, 0);
      expect(settled).toBe(CALLS);
      expect(result.outcomes.ok ?? 0).toBeGreaterThan(CALLS * 0.95);

      const seen = proxy.seen.filter((request) => request.headers[CLIENT_HEADER] === client);
      const faults: Record<string, number> = {};
      for (const request of seen) faults[request.fault] = (faults[request.fault] ?? 0) + 1;
      // Every fault kind was actually injected.
      for (const [fault] of FAULTS) expect(faults[fault.kind] ?? 0, fault.kind).toBeGreaterThan(0);

      // One Idempotency-Key per logical run call, reused by all of its attempts.
      const attemptsPerKey = new Map<string, Fault["kind"][]>();
      for (const request of seen.filter((request) => request.method === "POST")) {
        const key = String(request.headers["idempotency-key"]);
        attemptsPerKey.set(key, [...(attemptsPerKey.get(key) ?? []), request.fault]);
      }
      expect(attemptsPerKey.size).toBe(result.runCalls);
      // The dangerous case happened: the API started the run, the answer was lost, and the call was retried.
      const replayed = [...attemptsPerKey.values()].filter(
        (attempts) =>
          attempts.indexOf("reset-after") !== -1 && attempts.indexOf("reset-after") < attempts.length - 1,
      );
      expect(replayed.length).toBeGreaterThan(0);

      // No duplicate run: at most one run per logical call (its inputs say which) and per key, and
      // every successful call got its own run.
      const runs = server.listRuns().filter((run) => run.input?.client === client);
      const perCall = new Map<unknown, number>();
      for (const run of runs) perCall.set(run.input?.call, (perCall.get(run.input?.call) ?? 0) + 1);
      expect([...perCall.entries()].filter(([, n]) => n > 1)).toEqual([]);
      expect(new Set(runs.map((run) => run.idempotency_key)).size).toBe(runs.length);
      expect(
        runs.every((run) => run.idempotency_key !== null && attemptsPerKey.has(run.idempotency_key)),
      ).toBe(true);
      expect(new Set(result.startedRunIds).size).toBe(result.startedRunIds.length);
      expect(runs.length).toBeGreaterThanOrEqual(result.startedRunIds.length);
      expect(runs.length).toBeLessThanOrEqual(result.runCalls);

      expect(unhandled).toEqual([]);
      console.log(
        `${client}: ${CALLS} calls (${result.runCalls} run) in ${result.ms} ms, ${seen.length} requests; ` +
          `outcomes ${JSON.stringify(result.outcomes)}; faults ${JSON.stringify(faults)}; ` +
          `${replayed.length} runs replayed after reset-after`,
      );
    },
    HANG_GUARD_MS,
  );
});
