import { ConfigurationError } from "@leap-workflows/core";
import { createDevServer, type DevServer, loadWorkflowsFile } from "@leap-workflows/dev-server";
import { Workflows } from "@leap-workflows/node";
import { EventLog } from "./event-log";
import { PlaygroundHistory } from "./history";
import { type Receivers, startReceivers } from "./receivers";
import { keepVerdicts, restoreHistory } from "./restore";
import { findWorkflow } from "./workflows/definitions";
import { implementations } from "./workflows/implementations";

/** Everything the playground runs, started together and stopped together. */
export interface Stack {
  devServer: DevServer;
  receivers: Receivers;
  leap: Workflows;
  /** The API key `leap` uses; server side only, the page never sees it. */
  apiKey: string;
  log: EventLog;
  /** What only the playground knows (verdicts, delivered bytes, webhook URLs), kept in the data folder. */
  history: PlaygroundHistory;
  close(): Promise<void>;
}

/** The playground's API key: it stays on the server side; the page never sees it. */
const API_KEY = "leap_playground_key";

export interface StackOptions {
  /** Where the dev server keeps its SQLite store, or `":memory:"`. */
  data: string;
  /**
   * A module like the dev server's `--workflows` file whose functions replace the implementations of
   * defined workflows (no rebuild needed to try a change, or to break the contract on purpose).
   */
  workflowsFile?: string | undefined;
  /** Seconds between webhook delivery attempts. @default [0.5, 2, 5] */
  webhookRetryDelays?: number[];
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const overrides = options.workflowsFile ? await loadWorkflowsFile(options.workflowsFile) : {};
  for (const id of Object.keys(overrides)) {
    // The receivers answer 400 to a run of a workflow they have no definition for: say so now.
    if (!findWorkflow(id)) {
      throw new ConfigurationError(
        `${options.workflowsFile}: ${id} has no definition; add it to apps/playground/src/workflows/definitions.ts`,
      );
    }
  }
  const devServer = await createDevServer({
    apiKeys: [API_KEY],
    data: options.data,
    webhookRetryDelays: options.webhookRetryDelays ?? [0.5, 2, 5],
    workflows: {
      ...Object.fromEntries(implementations.map((entry) => [entry.definition.id, entry])),
      ...overrides,
    },
  });
  const log = new EventLog();
  const history = new PlaygroundHistory(options.data);
  const receivers = await startReceivers(devServer.webhookSecret, log);
  const leap = new Workflows({ apiKey: API_KEY, baseUrl: devServer.url });
  const stack: Stack = {
    devServer,
    receivers,
    leap,
    apiKey: API_KEY,
    log,
    history,
    close: async () => {
      stopKeeping();
      await receivers.close();
      await devServer.close();
    },
  };
  // With a data folder, earlier sessions are still there: the page shows them as they were left.
  await restoreHistory(stack, history);
  const stopKeeping = keepVerdicts(log, history);
  return stack;
}
