import { isBulkRunId } from "@leap-workflows/core";
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
  options: { json: boolean; timeout: number | undefined },
): Promise<ExitCode> {
  const progress = startProgress(io, id);
  const waitOptions = {
    timeout: options.timeout,
    onPoll: (state: { status: string }) => progress.update(state.status),
  };
  let final: { status: string; print: () => void };
  try {
    if (isBulkRunId(id)) {
      const bulkRun = await leap.bulkRuns.wait(id, waitOptions);
      final = { status: bulkRun.status, print: () => printBulkRun(io, bulkRun, options.json) };
    } else {
      const run = await leap.runs.wait(id, waitOptions);
      final = { status: run.status, print: () => printRun(io, run, options.json) };
    }
  } finally {
    // The spinner is cleared before anything is printed.
    progress.stop();
  }
  final.print();
  return final.status === "completed" ? EXIT.ok : EXIT.runFailed;
}
