import { type FaultProxy, startFaultProxy } from "@leap-workflows/fault-proxy";
import { type FixtureServer, fakeRun, startFixtureServer } from "@leap-workflows/test-kit/fixture-server";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { type Logger, Workflows, type WorkflowsOptions } from "../src/index";
import { VirtualClock, withClock } from "./virtual-clock";

/** A key the logs and errors must never show. */
export const API_KEY = "sk_resilience_secret_91b2";

/** What a resilience test works with: a scripted server, the fault proxy in front of it, and the log lines. */
export interface ResilienceRig {
  upstream: FixtureServer;
  proxy: FaultProxy;
  logs: { message: string; data?: Record<string, unknown> }[];
  /**
   * This test's clock (new for each test, starting on a whole second): the clients' sleeps pass at once and
   * their deadlines fire only when the test advances it. Pass `withClock(systemClock)` for real time.
   */
  clock: VirtualClock;
  /** A client through the proxy that logs into `logs`, on `clock`. */
  client(options?: WorkflowsOptions): Workflows;
  /** The data of each "request failed" line: status or error, retry decision, delay. */
  decisions(): Record<string, unknown>[];
}

/** Starts the fixture server and the fault proxy for this file; each test starts with no faults and no logs. */
export function useResilienceRig(): ResilienceRig {
  const logs: ResilienceRig["logs"] = [];
  const logger: Logger = {
    debug: (message, data) => logs.push({ message, data }),
    warn: (message, data) => logs.push({ message, data }),
  };
  const rig = {
    logs,
    client: (options: WorkflowsOptions = {}) =>
      new Workflows({
        apiKey: API_KEY,
        baseUrl: rig.proxy.url,
        logger,
        timeout: 2_000,
        ...withClock(rig.clock),
        ...options,
      }),
    decisions: () => logs.filter((line) => line.message === "request failed").map((line) => line.data ?? {}),
  } as ResilienceRig;

  beforeAll(async () => {
    rig.upstream = await startFixtureServer();
    rig.proxy = await startFaultProxy(rig.upstream.url);
  });
  afterAll(async () => {
    await rig.proxy.close();
    await rig.upstream.close();
  });
  beforeEach(() => {
    rig.clock = new VirtualClock();
    logs.length = 0;
    rig.proxy.seen.length = 0;
    rig.upstream.requests.length = 0;
    rig.upstream.handle((request) => ({ status: request.method === "POST" ? 201 : 200, body: fakeRun() }));
    rig.proxy.setFaults(() => ({ kind: "pass" }));
  });
  return rig;
}
