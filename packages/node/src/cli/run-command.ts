import { createClient } from "./client";
import { type Command, ENVIRONMENT_HELP } from "./command";
import { EXIT } from "./exit-codes";
import { UsageError } from "./io";
import { API_OPTIONS, COMMON_OPTIONS, parseCommand, parseSeconds } from "./parse-command";
import { parseInputs } from "./parse-inputs";
import { printRun } from "./print-run";
import { waitForRun } from "./wait-for-run";

export const runCommand: Command = {
  name: "run",
  summary: "start a workflow run (and wait for it with --wait)",
  help: `Usage: leap-workflows run <workflow_id> [--input key=value ...] [--inputs-file f.json] [--wait] [options]

Starts a run of <workflow_id> and prints it. With --wait, waits until it is final and prints the result.

Options:
  -i, --input key=value   an input; repeat for more. JSON values are parsed (n=3, ok=true, tags='["a"]'),
                          anything else is a string (name=Ada); wins over --inputs-file
  --inputs-file <file>    a JSON object of inputs
  --webhook-url <url>     where the finished run is POSTed, signed
  --wait                  wait until the run is final (a spinner on stderr when it is a terminal)
  --timeout <seconds>     with --wait, give up after this long (exit 3) (default 600)
  --base-url <url>        the API's base URL
  --json                  print the run (or the error) as JSON on stdout
  -h, --help              this help

Exit codes: 0 started (or completed with --wait), 1 the run failed, 2 usage error, 3 API or network error.

${ENVIRONMENT_HELP}`,
  async run(args, io, state) {
    const { values, positionals } = parseCommand(args, {
      ...COMMON_OPTIONS,
      ...API_OPTIONS,
      input: { type: "string", short: "i", multiple: true },
      "inputs-file": { type: "string" },
      "webhook-url": { type: "string" },
      wait: { type: "boolean" },
      timeout: { type: "string" },
    });
    state.json = values.json === true;
    const [workflowId, ...extra] = positionals;
    if (!workflowId) throw new UsageError("run needs a workflow id, e.g. `leap-workflows run wkf_123`");
    if (extra.length > 0)
      throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}; inputs go in --input key=value`);
    const timeout = parseSeconds(values.timeout, "--timeout");
    if (timeout !== undefined && !values.wait) throw new UsageError("--timeout applies to --wait only");
    const inputs = await parseInputs(values.input ?? [], values["inputs-file"]);
    const leap = await createClient(io, values["base-url"]);
    const run = await leap.run({
      workflow_id: workflowId,
      inputs,
      ...(values["webhook-url"] === undefined ? {} : { webhook_url: values["webhook-url"] }),
    });
    if (!values.wait) {
      printRun(io, run, state.json);
      return EXIT.ok;
    }
    return waitForRun(io, leap, run.id, { json: state.json, timeout });
  },
};
