import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startAppServer } from "./app-server";
import { runScenario } from "./scenario";
import { startStack } from "./stack";

const { values } = parseArgs({
  options: {
    scenario: { type: "boolean" },
    port: { type: "string" },
    data: { type: "string" },
  },
  allowPositionals: true,
});

// The dev server's SQLite store lives here, so runs survive restarts of the playground.
const data = values.data ?? fileURLToPath(new URL("../.data", import.meta.url));
const stack = await startStack({ data: values.scenario ? ":memory:" : data });
const app = await startAppServer(stack, { port: Number(values.port ?? (values.scenario ? 0 : 4000)), data });

let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  await app.close();
  await stack.close();
  process.exit(code);
};
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));

if (values.scenario) {
  try {
    await runScenario(stack, app.url, (line) => console.log(line));
    await stop(0);
  } catch (error) {
    console.error(`scenario    FAILED: ${(error as Error).message}`);
    await stop(1);
  }
} else {
  console.log(`\n  Leap Workflows playground: ${app.url}\n`);
  console.log(`  dev server ${stack.devServer.url} (data in ${data})`);
  console.log(`  webhook receivers: node ${stack.receivers.nodeUrl}, edge ${stack.receivers.edgeUrl}`);
  console.log("  Ctrl-C stops everything.\n");
}
