import type { WorkflowRun } from "@leap-workflows/core";
import type { CliIo } from "./io";

/** Writes a run: the JSON object with `--json`, otherwise a short summary and the output or error. */
export function printRun(io: CliIo, run: WorkflowRun, json: boolean): void {
  if (json) {
    io.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
    return;
  }
  const lines = [`${run.id}  ${run.workflow_id}  ${run.status}`];
  if (run.error) lines.push(`error: ${run.error}`);
  if (run.output !== null && run.output !== undefined)
    lines.push(`output: ${JSON.stringify(run.output, null, 2)}`);
  io.stdout.write(`${lines.join("\n")}\n`);
}
