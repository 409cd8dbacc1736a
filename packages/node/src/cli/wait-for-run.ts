import { NotFoundError } from "@leap-workflows/core";
import type { Workflows } from "../workflows";
import { EXIT, type ExitCode } from "./exit-codes";
import type { CliIo } from "./io";
import { printBulkRun, printRun } from "./print-run";
import { startProgress } from "./progress";

/** Waits with a spinner (TTY only), prints the final run or bulk run, and exits 0 only when it completed. */
export async function waitForRun(
  io: CliIo,
  leap: Workflows,
  id: string,
  options: { json: boolean; timeout: number | undefined; bulk?: boolean },
): Promise<ExitCode> {
  const progress = startProgress(io, id);
  let seen = false;
  const waitOptions = {
    timeout: options.timeout,
    onPoll: (state: { status: string }) => {
      seen = true;
      progress.update(state.status);
    },
  };
  // A 404 before anything was read means the id is not a run's; after, the run itself went away.
  let runNotFound: NotFoundError | undefined;
  const notFoundIsUndefined = (error: unknown): undefined => {
    if (!NotFoundError.isInstance(error) || seen) throw error;
    runNotFound = error;
    return undefined;
  };
  let final: { status: string; print: () => void };
  try {
    // An id says nothing reliable about its kind: ask the runs endpoint, and on a 404 the bulk runs one.
    const run = options.bulk ? undefined : await leap.runs.wait(id, waitOptions).catch(notFoundIsUndefined);
    if (run) {
      final = { status: run.status, print: () => printRun(io, run, options.json) };
    } else {
      const bulkRun = await leap.bulkRuns.wait(id, waitOptions).catch((error: unknown) => {
        // Known to neither endpoint: the runs endpoint's 404 ("no run …") answers what was asked.
        throw runNotFound && NotFoundError.isInstance(error) && !seen ? runNotFound : error;
      });
      final = { status: bulkRun.status, print: () => printBulkRun(io, bulkRun, options.json) };
    }
  } finally {
    // The spinner is cleared before anything is printed.
    progress.stop();
  }
  final.print();
  return final.status === "completed" ? EXIT.ok : EXIT.runFailed;
}
