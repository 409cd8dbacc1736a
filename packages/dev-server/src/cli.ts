#!/usr/bin/env node
import { parseArgs } from "node:util";
import { createDevServer } from "./dev-server";
import { createConsoleLogger } from "./log/console-logger";
import type { DevServerLogger } from "./log/log-event";
import { loadWorkflowsFile } from "./workflows-file";

const HELP = `leap-workflows-dev: a local Leap Workflows API

Usage: leap-workflows-dev [options]

  --port <n>                    port, 0 = any free one        (env LEAP_DEV_PORT, default 4010)
  --host <host>                 interface                     (default 127.0.0.1)
  --api-key <key>               accepted X-Api-Key, repeatable (env LEAP_API_KEY, default leap_dev_key)
  --webhook-secret <whsec_…>    signs webhooks                (env LEAP_WEBHOOK_SECRET, default: generated)
  --workflows <file>            module exporting { [workflow_id]: async (inputs, ctx) => output }
  --data <dir | :memory:>       where the SQLite store lives  (env LEAP_DEV_DATA, default .leap-dev)
  --webhook-retry-delays <list> seconds between attempts     (default 1,5,30,120)
  --concurrency <n>             workflows running at once     (default 8)
  --workflow-timeout <ms>       fail a run after this long    (default 60000)
  --webhook-timeout <ms>        fail a webhook attempt after this long (default 10000)
  --log-format <pretty|json>    one line per request and webhook attempt (default pretty)
  --quiet                       log nothing but the start line and errors
  --allowed-host <name>         also answer this Host, repeatable (default: localhost names and --host only)
  --csv-dir <dir>               bulk runs may read file: CSVs inside it (default: file: CSVs refused)
  --max-bulk-rows <n>           the most rows of one bulk run (default 10000)
  --max-csv-memory <bytes>      CSV bytes held at once across bulk runs (default 67108864)
  --allow-csv-host <host>       beyond loopback, bulk runs may read this host's private addresses, repeatable
  --body-timeout <ms>           408 for a request body slower than this (default 30000)
  -h, --help                    this help
`;

function fail(message: string): never {
  process.stderr.write(`leap-workflows-dev: ${message}\n\n${HELP}`);
  process.exit(2);
}

function number(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0)
    fail(`--${name} must be a number >= 0, received ${JSON.stringify(value)}`);
  return parsed;
}

async function main(): Promise<void> {
  let values: ReturnType<typeof parse>["values"];
  function parse() {
    return parseArgs({
      options: {
        port: { type: "string" },
        host: { type: "string" },
        "api-key": { type: "string", multiple: true },
        "webhook-secret": { type: "string" },
        workflows: { type: "string" },
        data: { type: "string" },
        "webhook-retry-delays": { type: "string" },
        concurrency: { type: "string" },
        "workflow-timeout": { type: "string" },
        "webhook-timeout": { type: "string" },
        "log-format": { type: "string" },
        quiet: { type: "boolean" },
        "allowed-host": { type: "string", multiple: true },
        "csv-dir": { type: "string" },
        "max-bulk-rows": { type: "string" },
        "max-csv-memory": { type: "string" },
        "allow-csv-host": { type: "string", multiple: true },
        "body-timeout": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  }
  try {
    values = parse().values;
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const delays = values["webhook-retry-delays"]
    ?.split(",")
    .map((delay) => number("webhook-retry-delays", delay.trim(), 0));
  const format = values["log-format"] ?? "pretty";
  if (format !== "pretty" && format !== "json")
    fail(`--log-format must be pretty or json, received ${JSON.stringify(format)}`);
  const print = createConsoleLogger({ format });
  // Quiet keeps internal errors (to stderr): silence must not hide a broken store.
  const logger: DevServerLogger = values.quiet
    ? (event) => {
        if (event.kind === "error") process.stderr.write(`leap-workflows-dev: ${event.message}\n`);
      }
    : print;
  const envKey = process.env.LEAP_API_KEY;
  const maxBulkRows = values["max-bulk-rows"];
  if (maxBulkRows !== undefined && !/^[1-9]\d*$/.test(maxBulkRows))
    fail(`--max-bulk-rows must be a whole number >= 1, received ${JSON.stringify(maxBulkRows)}`);
  const server = await createDevServer({
    port: number("port", values.port ?? process.env.LEAP_DEV_PORT, 4010),
    host: values.host,
    apiKeys: values["api-key"] ?? (envKey ? [envKey] : undefined),
    webhookSecret: values["webhook-secret"] ?? process.env.LEAP_WEBHOOK_SECRET,
    workflows: values.workflows ? await loadWorkflowsFile(values.workflows) : undefined,
    data: values.data ?? process.env.LEAP_DEV_DATA ?? ".leap-dev",
    webhookRetryDelays: delays,
    concurrency: values.concurrency ? number("concurrency", values.concurrency, 8) : undefined,
    workflowTimeoutMs: values["workflow-timeout"]
      ? number("workflow-timeout", values["workflow-timeout"], 60_000)
      : undefined,
    webhookTimeoutMs: values["webhook-timeout"]
      ? number("webhook-timeout", values["webhook-timeout"], 10_000)
      : undefined,
    logger,
    allowedHosts: values["allowed-host"],
    csvDir: values["csv-dir"],
    maxBulkRows: maxBulkRows === undefined ? undefined : Number(maxBulkRows),
    // Range checks (and their messages) are createDevServer's.
    maxCsvMemoryBytes: values["max-csv-memory"] === undefined ? undefined : Number(values["max-csv-memory"]),
    allowCsvHosts: values["allow-csv-host"],
    requestBodyTimeoutMs: values["body-timeout"] === undefined ? undefined : Number(values["body-timeout"]),
  });
  // Before the start line: whoever saw it may signal at once.
  let stopping = false;
  const shutdown = () => {
    // A second signal while stopping gracefully: stop now (what was acknowledged is committed already).
    if (stopping) process.exit(130);
    stopping = true;
    server.close().then(
      () => process.exit(0),
      (error) => {
        process.stderr.write(`leap-workflows-dev: shutdown failed: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  const started = `leap-workflows-dev listening on ${server.url} · webhook secret ${server.webhookSecret} · workflows: ${server.workflowIds.join(", ")}`;
  process.stdout.write(
    format === "json"
      ? // Machine logs get shipped and kept: no secret in them (pass --webhook-secret to know it).
        `${JSON.stringify({ time: new Date().toISOString(), level: "info", event: "listening", url: server.url, workflows: server.workflowIds })}\n`
      : `${started}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`leap-workflows-dev: ${(error as Error).message}\n`);
  process.exit(1);
});
