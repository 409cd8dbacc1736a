import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startAppServer } from "./app-server";
import { runScenario } from "./scenario";
import { startStack } from "./stack";
import { printEvents } from "./terminal-log";

const HELP = `Leap Workflows playground

Usage: pnpm playground [options]

  --scenario          run the story headless, print a transcript, exit 0 on success (1 on failure)
  --port <n>          port of the page                        (default 4000, or a free one if taken)
  --data <dir>        the dev server's SQLite folder          (default apps/playground/.data)
  --quiet             no line per run, bulk run and webhook attempt in the terminal
                      (also PLAYGROUND_QUIET=1)
  --workflows <file>  module of functions by workflow id replacing the implementations of defined
                      workflows, without a rebuild (the contracts are in src/workflows/definitions.ts)
  --help              this text
`;

const { values } = parseArgs({
  options: {
    scenario: { type: "boolean" },
    port: { type: "string" },
    data: { type: "string" },
    workflows: { type: "string" },
    quiet: { type: "boolean" },
    help: { type: "boolean" },
  },
  allowPositionals: true,
});
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

// The dev server's SQLite store lives here, so runs survive restarts of the playground.
// The scenario keeps its runs in memory: every CI run starts from nothing and leaves nothing behind.
const data = values.scenario
  ? ":memory:"
  : (values.data ?? fileURLToPath(new URL("../.data", import.meta.url)));
const port = Number(values.port ?? (values.scenario ? 0 : 4000));
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  process.stderr.write(`--port: expected a port number 0-65535, received ${values.port}\n\n${HELP}`);
  process.exit(2);
}

// A bad --workflows file or a taken --port is one line on stderr, not a stack trace.
const { stack, app } = await startStack({ data, workflowsFile: values.workflows })
  .then(async (stack) => ({
    stack,
    app: await startAppServer(stack, { port, fallbackPort: values.port === undefined }),
  }))
  .catch((error: Error) => {
    process.stderr.write(`playground: ${error.message}\n`);
    process.exit(1);
  });

let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  await app.close();
  await stack.close();
  process.exit(code);
};
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    // A second Ctrl-C while shutting down does not wait any longer.
    if (stopping) process.exit(130);
    if (!values.scenario) console.log("\n  Stopping the playground…");
    void stop(values.scenario ? 130 : 0);
  });
}

if (values.scenario) {
  try {
    await runScenario(stack, app.url, (line) => console.log(line));
    await stop(0);
  } catch (error) {
    console.error(`scenario    FAILED: ${(error as Error).message}`);
    await stop(1);
  }
} else {
  const moved = values.port === undefined && !app.url.endsWith(`:${port}`);
  console.log(`\n  Leap Workflows playground: ${app.url}${moved ? `  (port ${port} was taken)` : ""}\n`);
  console.log(`  dev server  ${stack.devServer.url}  (data in ${data})`);
  console.log(`  workflows   ${stack.devServer.workflowIds.join(", ")}`);
  console.log(`  receivers   node ${stack.receivers.nodeUrl}  edge ${stack.receivers.edgeUrl}`);
  console.log("  Ctrl-C stops everything.\n");
  // One line per run created and finished and per webhook attempt, unless asked to be quiet.
  const quiet = values.quiet || ["1", "true"].includes(process.env.PLAYGROUND_QUIET ?? "");
  if (!quiet) printEvents(stack.log);
}
