import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createDevServer, type DevServer, loadWorkflowsFile } from "@leap-workflows/dev-server";
import { Workflows } from "@leap-workflows/node";
import { EventLog } from "./event-log";
import { type Receivers, startReceivers } from "./receivers";

/** Everything the playground runs, started together and stopped together. */
export interface Stack {
  devServer: DevServer;
  receivers: Receivers;
  leap: Workflows;
  log: EventLog;
  /** Example inputs by workflow id, filled in by the page when a workflow is chosen. */
  examples: Record<string, unknown>;
  close(): Promise<void>;
}

/** The playground's API key: it stays on the server side; the page never sees it. */
const API_KEY = "leap_playground_key";

/** `apps/playground/workflows.mjs` (from src/ and from dist/ alike): loaded at runtime, so edits need no rebuild. */
export const DEFAULT_WORKFLOWS_FILE = fileURLToPath(new URL("../workflows.mjs", import.meta.url));

const BUILT_IN_EXAMPLES: Record<string, unknown> = {
  wkf_echo: { hello: "world" },
  wkf_sleep: { ms: 3000 },
  wkf_fail: { message: "this run fails on purpose" },
};

export interface StackOptions {
  /** Where the dev server keeps its SQLite store, or `":memory:"`. */
  data: string;
  /** A module exporting `workflows` (and optionally `examples`), like the dev server's `--workflows` file. @default DEFAULT_WORKFLOWS_FILE */
  workflowsFile?: string;
  /** Seconds between webhook delivery attempts. @default [0.5, 2, 5] */
  webhookRetryDelays?: number[];
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const workflowsFile = options.workflowsFile ?? DEFAULT_WORKFLOWS_FILE;
  const workflows = await loadWorkflowsFile(workflowsFile);
  // loadWorkflowsFile already imported the module; this import is served from the module cache.
  const module = (await import(pathToFileURL(resolve(workflowsFile)).href)) as { examples?: unknown };
  const examples = typeof module.examples === "object" && module.examples !== null ? module.examples : {};

  const devServer = await createDevServer({
    apiKeys: [API_KEY],
    data: options.data,
    webhookRetryDelays: options.webhookRetryDelays ?? [0.5, 2, 5],
    workflows,
  });
  const log = new EventLog();
  // With a data folder, runs from earlier sessions are still in the store: the page lists them too.
  for (const { idempotency_key: _, ...run } of devServer.listRuns()) log.add({ type: "run", run });
  const receivers = await startReceivers(devServer.webhookSecret, log);
  const leap = new Workflows({ apiKey: API_KEY, baseUrl: devServer.url });
  return {
    devServer,
    receivers,
    leap,
    log,
    examples: { ...BUILT_IN_EXAMPLES, ...examples },
    close: async () => {
      await receivers.close();
      await devServer.close();
    },
  };
}
