import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type BulkRun, generateWebhookSecret, type WorkflowRun } from "@leap-workflows/core";
import { parseWebhookSecret } from "@leap-workflows/core/internal";
import { Engine } from "./engine";
import { type DevServerLogger, defaultLogger } from "./log/log-event";
import { withRequestLog } from "./log/request-log";
import { builtInRegistry } from "./runner/built-in-workflows";
import { bulkInputOptions } from "./runner/bulk-input-options";
import type { WorkflowRegistry } from "./runner/workflow";
import { type DevServerWorkflows, toWorkflowRegistry } from "./runner/workflow-registry";
import { createHostCheck } from "./server/allowed-hosts";
import { bodyTimeout } from "./server/body-deadline";
import { assertKeysFitExposure, DEFAULT_API_KEY, isLoopbackHost } from "./server/exposure";
import { unscopeIdempotencyKey } from "./server/idempotency-scope";
import { createOutputLinkSigner } from "./server/output-link";
import { createRouter } from "./server/router";
import { type DeliveryAttempt, Store } from "./store/store";
import { storedWebhookSecret } from "./store/webhook-secret-file";

/** Options of `createDevServer`. */
export interface DevServerOptions {
  /** @default 0 (any free port) */
  port?: number | undefined;
  /** @default "127.0.0.1" */
  host?: string | undefined;
  /**
   * Requests need one of these in `X-Api-Key`. A server reachable beyond loopback refuses to start with the
   * default key. @default ["leap_dev_key"]
   */
  apiKeys?: readonly string[] | undefined;
  /**
   * Signs webhooks. @default with a `data` folder, the secret kept in its `webhook-secret` file (generated
   * on the first start); with ":memory:", a new random `whsec_…` secret
   */
  webhookSecret?: string | undefined;
  /**
   * Workflow implementations by id, or `implementWorkflow(definition, fn)` entries (inputs and output
   * checked against the definition), added to (or replacing) the built-ins `wkf_echo`, `wkf_sleep`, `wkf_fail`.
   * A record may also hold `implementWorkflow` entries under their own id.
   * @default only the built-ins
   */
  workflows?: DevServerWorkflows | undefined;
  /**
   * A folder for the SQLite store, or ":memory:". One server at a time: a folder in use by another server
   * (or of another data layout) is refused with a `DataFolderError` saying what to do. @default ":memory:"
   */
  data?: string | undefined;
  /** Seconds between webhook delivery attempts. @default [1, 5, 30, 120] */
  webhookRetryDelays?: readonly number[] | undefined;
  /** Workflows running at once; more wait as `queued`. @default 8 */
  concurrency?: number | undefined;
  /** Milliseconds before a workflow's run fails as timed out. @default 60_000 */
  workflowTimeoutMs?: number | undefined;
  /** The largest request body. @default 1_048_576 */
  maxBodyBytes?: number | undefined;
  /** Milliseconds one webhook attempt may take before it fails and is retried. @default 10_000 */
  webhookTimeoutMs?: number | undefined;
  /**
   * Receives one event per request and per webhook attempt, and internal errors; `createConsoleLogger()`
   * prints them as the CLI does. @default silent, except internal errors (to stderr)
   */
  logger?: DevServerLogger | undefined;
  /**
   * Host names answered besides 127.0.0.1, localhost, [::1] and `host` (others get 403, against DNS
   * rebinding), as Vite's `server.allowedHosts`: `.example.test` also allows its subdomains, `true` any name.
   * @default []
   */
  allowedHosts?: readonly string[] | true | undefined;
  /**
   * The folder bulk runs may read `file:` CSVs from (realpath; symlinks out of it, devices and FIFOs refused).
   * @default none: `file:` CSVs are refused
   */
  csvDir?: string | undefined;
  /** The most rows one bulk run may have; a CSV with more fails its bulk run. @default 10_000 */
  maxBulkRows?: number | undefined;
  /**
   * The CSV bytes bulk runs hold at once, all runs together (at least 10 MiB, one CSV at its largest). A read
   * holds the 10 MiB cap until its size is known, then that size until its rows are stored; reads that do
   * not fit wait their turn, in order. @default 67_108_864 (64 MiB)
   */
  maxCsvMemoryBytes?: number | undefined;
  /**
   * Whether others can reach the server, so that it must guard the machine: it refuses to start with the
   * default API key, and bulk runs read no CSV URL whose address (after every redirect, the address
   * connected) is loopback, private (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7) or unspecified,
   * unless `allowCsvHosts` names its host. Set it for a loopback server that a tunnel or port forward exposes.
   * Link-local addresses (cloud metadata) are refused on every server.
   * @default true when `host` is anything but localhost or a loopback address
   */
  beyondLoopback?: boolean | undefined;
  /**
   * Hosts (names or IP addresses, as in the URL) whose loopback or private addresses bulk runs may read on
   * a server reachable beyond loopback, e.g. `["csv.internal.example"]`. @default []
   */
  allowCsvHosts?: readonly string[] | undefined;
  /**
   * Milliseconds a client has to send a request body once its headers arrived; a slower one gets 408 and
   * its connection is closed. @default 30_000
   */
  requestBodyTimeoutMs?: number | undefined;
}

/** A running dev server. */
export interface DevServer {
  /** `http://host:port`, the base URL for the client. */
  url: string;
  webhookSecret: string;
  apiKeys: string[];
  workflowIds: string[];
  /**
   * Every run with the Idempotency-Key that created it (for tests that count duplicates) and the bulk run
   * that started it, if any (for tools that show a bulk run's progress row by row).
   */
  listRuns(): Array<WorkflowRun & { idempotency_key: string | null; bulk_run_id: string | null }>;
  /**
   * Every bulk run, oldest first, as `GET /v1/runs/bulk/{id}` shows it, with the Idempotency-Key that
   * created it. Its rows are the runs `listRuns()` lists with its `bulk_run_id`.
   */
  listBulkRuns(): Array<BulkRun & { idempotency_key: string | null }>;
  /**
   * Every webhook attempt recorded for a run or bulk run, oldest first, as
   * `GET /v1/runs/{id}/deliveries` lists them (none for an id the server does not know).
   */
  deliveries(id: string): DeliveryAttempt[];
  /**
   * Stops accepting, commits what was acknowledged, fails running runs as interrupted (persisted), leaves
   * queued runs and pending deliveries in the store for the next start, and closes the store.
   */
  close(): Promise<void>;
}

/** Starts a local implementation of the Leap Workflows API. */
export async function createDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  if (options.webhookSecret !== undefined) parseWebhookSecret(options.webhookSecret);
  const apiKeys = [...(options.apiKeys ?? [DEFAULT_API_KEY])];
  const beyondLoopback = options.beyondLoopback ?? !isLoopbackHost(options.host);
  if (beyondLoopback) assertKeysFitExposure(apiKeys, options.host);
  const added = options.workflows === undefined ? {} : toWorkflowRegistry(options.workflows);
  const workflows: WorkflowRegistry = { ...builtInRegistry, ...added };
  const bulkInput = bulkInputOptions({ ...options, beyondLoopback });
  const requestBodyTimeoutMs = bodyTimeout(options.requestBodyTimeoutMs);
  const data = options.data ?? ":memory:";
  const store = await Store.open(data);
  let webhookSecret: string;
  try {
    webhookSecret =
      options.webhookSecret ?? (data === ":memory:" ? generateWebhookSecret() : storedWebhookSecret(data));
  } catch (error) {
    await store.close();
    throw error;
  }
  const logger = options.logger ?? defaultLogger;
  let url = "";
  const outputLinks = createOutputLinkSigner();
  const outputCsvUrl = (id: string) => {
    const path = `/v1/runs/bulk/${id}/output.csv`;
    return `${url}${path}?${outputLinks.sign(path)}`;
  };
  const engine = new Engine({
    store,
    workflows,
    webhookSecret,
    webhookRetryDelays: [...(options.webhookRetryDelays ?? [1, 5, 30, 120])],
    concurrency: options.concurrency ?? 8,
    workflowTimeoutMs: options.workflowTimeoutMs ?? 60_000,
    webhookTimeoutMs: options.webhookTimeoutMs ?? 10_000,
    logger,
    bulkInput,
    outputCsvUrl,
  });
  const router = createRouter({
    engine,
    apiKeys,
    maxBodyBytes: options.maxBodyBytes ?? 1_048_576,
    requestBodyTimeoutMs,
    workflowIds: () => Object.keys(workflows),
    isAllowedHost: createHostCheck(options),
    outputLinks,
  });
  // No per-request work at all when nobody listens.
  const server = createServer(
    { keepAliveTimeout: 5_000 },
    options.logger ? withRequestLog(router, logger) : router,
  );
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
    });
  } catch (error) {
    // E.g. the port is taken: a failed start leaves nothing running.
    await engine.stop();
    await store.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  url = `http://${host}:${address.port}`;
  // Once the URL is known (a recovered bulk run's output_csv_url names it), and before any request is read:
  // no I/O callback runs between the listen callback and this line.
  try {
    engine.recover();
  } catch (error) {
    server.close();
    await engine.stop();
    await store.close();
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    url,
    webhookSecret,
    apiKeys,
    workflowIds: Object.keys(workflows),
    listRuns: () => {
      engine.flush();
      return store.allRuns().map(({ run, idempotencyKey, bulkRunId }) => ({
        ...run,
        idempotency_key: unscopeIdempotencyKey(idempotencyKey),
        bulk_run_id: bulkRunId,
      }));
    },
    listBulkRuns: () => {
      engine.flush();
      return store.allBulkRuns(outputCsvUrl).map(({ bulk, idempotencyKey }) => ({
        ...bulk,
        idempotency_key: unscopeIdempotencyKey(idempotencyKey),
      }));
    },
    deliveries: (id) => engine.deliveryAttempts(id),
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await engine.stop();
        server.closeAllConnections();
        await closed;
        await store.close();
      })();
      return closing;
    },
  };
}
