import { createDevServer, type DevServer } from "@leap-workflows/dev-server";
import { Workflows } from "@leap-workflows/node";
import { EventLog } from "./event-log";
import { type Receivers, startReceivers } from "./receivers";

/** Everything the playground runs, started together and stopped together. */
export interface Stack {
  devServer: DevServer;
  receivers: Receivers;
  leap: Workflows;
  log: EventLog;
  close(): Promise<void>;
}

/** The playground's API key: it stays on the server side; the page never sees it. */
const API_KEY = "leap_playground_key";

export async function startStack(options: { data: string; webhookRetryDelays?: number[] }): Promise<Stack> {
  const devServer = await createDevServer({
    apiKeys: [API_KEY],
    data: options.data,
    webhookRetryDelays: options.webhookRetryDelays ?? [0.5, 2, 5],
    workflows: {
      wkf_greet: async (inputs) => {
        if (typeof inputs.name !== "string" || inputs.name === "")
          throw new Error("inputs.name must be a non-empty string");
        return { greeting: `Hello, ${inputs.name}!` };
      },
    },
  });
  const log = new EventLog();
  const receivers = await startReceivers(devServer.webhookSecret, log);
  const leap = new Workflows({ apiKey: API_KEY, baseUrl: devServer.url });
  return {
    devServer,
    receivers,
    leap,
    log,
    close: async () => {
      await receivers.close();
      await devServer.close();
    },
  };
}
