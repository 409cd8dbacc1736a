import { NotFoundError } from "@leap-workflows/core";
import { createClient } from "./client";
import { type Command, ENVIRONMENT_HELP } from "./command";
import { EXIT } from "./exit-codes";
import { UsageError } from "./io";
import { API_OPTIONS, BULK_OPTION, COMMON_OPTIONS, parseCommand } from "./parse-command";
import { printBulkRun, printRun } from "./print-run";

export const getCommand: Command = {
  name: "get",
  summary: "print a run (or bulk run) as it is now",
  help: `Usage: leap-workflows get <run_id | bulk_run_id> [--bulk] [--json] [--base-url <url>]

Reads a run once and prints it, whatever its status. An id the runs endpoint does not know (404) is
read as a bulk run; --bulk reads it as a bulk run straight away.

Options:
  --bulk             the id is a bulk run's
  --base-url <url>   the API's base URL
  --json             print the run (or the error) as JSON on stdout
  -h, --help         this help

Exit codes: 0 read (any status), 2 usage error, 3 API or network error (404 included).

${ENVIRONMENT_HELP}`,
  async run(args, io, state) {
    const { values, positionals } = parseCommand(args, { ...COMMON_OPTIONS, ...API_OPTIONS, ...BULK_OPTION });
    state.json = values.json === true;
    if (positionals.length !== 1)
      throw new UsageError("get needs exactly one run id, e.g. `leap-workflows get rnp_123`");
    const id = positionals[0] as string;
    const leap = await createClient(io, values["base-url"]);
    let runNotFound: NotFoundError | undefined;
    if (values.bulk !== true) {
      // Ids carry no promise of their kind (Leap's bulk ids start with `bulk_` today), so ask.
      try {
        printRun(io, await leap.runs.retrieve(id), state.json);
        return EXIT.ok;
      } catch (error) {
        if (!NotFoundError.isInstance(error)) throw error;
        runNotFound = error;
      }
    }
    const bulkRun = await leap.bulkRuns.retrieve(id).catch((error: unknown) => {
      // Known to neither endpoint: the runs endpoint's 404 ("no run …") answers what was asked.
      throw runNotFound && NotFoundError.isInstance(error) ? runNotFound : error;
    });
    printBulkRun(io, bulkRun, state.json);
    return EXIT.ok;
  },
};
