import type { BulkRun, WorkflowRun } from "@leap-workflows/core";
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

/** Writes a bulk run: the JSON object with `--json`, otherwise a short summary, its row count and output CSV. */
export function printBulkRun(io: CliIo, bulkRun: BulkRun, json: boolean): void {
  if (json) {
    io.stdout.write(`${JSON.stringify(bulkRun, null, 2)}\n`);
    return;
  }
  const lines = [`${bulkRun.id}  ${bulkRun.workflow_id}  ${bulkRun.status}`];
  if (bulkRun.row_count !== null) lines.push(`rows: ${bulkRun.row_count}`);
  if (bulkRun.error) lines.push(`error: ${bulkRun.error}`);
  if (bulkRun.output_csv_url) lines.push(`output CSV: ${bulkRun.output_csv_url}`);
  io.stdout.write(`${lines.join("\n")}\n`);
}
