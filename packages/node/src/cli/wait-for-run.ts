import type { WorkflowRun } from "@leap-workflows/core";
import type { Workflows } from "../workflows";
import { EXIT, type ExitCode } from "./exit-codes";
import type { CliIo } from "./io";
import { printRun } from "./print-run";
import { startProgress } from "./progress";

/** Waits with a spinner (TTY only), prints the final run, and exits 0 only when it completed. */
export async function waitForRun(
  io: CliIo,
  leap: Workflows,
  id: string,
  options: { json: boolean; timeout: number | undefined },
): Promise<ExitCode> {
  const progress = startProgress(io, id);
  let run: WorkflowRun;
  try {
    run = await leap.runs.wait(id, {
      timeout: options.timeout,
      onPoll: (state) => progress.update(state.status),
    });
  } finally {
    progress.stop();
  }
  printRun(io, run, options.json);
  return run.status === "completed" ? EXIT.ok : EXIT.runFailed;
}
