import { createClient } from "./client";
import { type Command, ENVIRONMENT_HELP } from "./command";
import { UsageError } from "./io";
import { API_OPTIONS, BULK_OPTION, COMMON_OPTIONS, parseCommand, parseSeconds } from "./parse-command";
import { waitForRun } from "./wait-for-run";

export const waitCommand: Command = {
  name: "wait",
  summary: "wait until a run (or bulk run) is final and print it",
  help: `Usage: leap-workflows wait <run_id | bulk_run_id> [--bulk] [--timeout <seconds>] [--json] [--base-url <url>]

Polls a run until it is completed, failed or cancelled, with a spinner on stderr when it is a terminal.
An id the runs endpoint does not know (404) is waited for as a bulk run; --bulk does so straight away.

Options:
  --bulk                the id is a bulk run's
  --timeout <seconds>   give up after this long (exit 3) (default 600)
  --base-url <url>      the API's base URL
  --json                print the run (or the error) as JSON on stdout
  -h, --help            this help

Exit codes: 0 completed, 1 failed or cancelled, 2 usage error, 3 API or network error, or timed out.

${ENVIRONMENT_HELP}`,
  async run(args, io, state) {
    const { values, positionals } = parseCommand(args, {
      ...COMMON_OPTIONS,
      ...API_OPTIONS,
      ...BULK_OPTION,
      timeout: { type: "string" },
    });
    state.json = values.json === true;
    if (positionals.length !== 1)
      throw new UsageError("wait needs exactly one run id, e.g. `leap-workflows wait rnp_123`");
    const timeout = parseSeconds(values.timeout, "--timeout");
    return waitForRun(io, await createClient(io, values["base-url"]), positionals[0] as string, {
      json: state.json,
      timeout,
      bulk: values.bulk === true,
    });
  },
};
