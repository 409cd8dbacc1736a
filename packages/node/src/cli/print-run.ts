import type { BulkRun, WorkflowRun } from "@leap-workflows/core";
import { escapeControl as text, toTerminalJson } from "./escape";
import type { CliIo } from "./io";

/** Writes a run: the JSON object with `--json`, otherwise a short summary and the output or error. */
export function printRun(io: CliIo, run: WorkflowRun, json: boolean): void {
  if (json) {
    io.stdout.write(`${toTerminalJson(run, 2)}\n`);
    return;
  }
  // Every field came from the server (or a saved webhook): shown escaped, never as raw terminal input.
  const lines = [`${text(run.id)}  ${text(run.workflow_id)}  ${text(run.status)}`];
  if (run.error) lines.push(`error: ${text(run.error)}`);
  if (run.output !== null && run.output !== undefined) lines.push(`output: ${toTerminalJson(run.output, 2)}`);
  io.stdout.write(`${lines.join("\n")}\n`);
}

/** Writes a bulk run: the JSON object with `--json`, otherwise a short summary, its row count and output CSV. */
export function printBulkRun(io: CliIo, bulkRun: BulkRun, json: boolean): void {
  if (json) {
    io.stdout.write(`${toTerminalJson(bulkRun, 2)}\n`);
    return;
  }
  const lines = [`${text(bulkRun.id)}  ${text(bulkRun.workflow_id)}  ${text(bulkRun.status)}`];
  if (bulkRun.row_count !== null) lines.push(`rows: ${text(String(bulkRun.row_count))}`);
  if (bulkRun.error) lines.push(`error: ${text(bulkRun.error)}`);
  if (bulkRun.output_csv_url) lines.push(`output CSV: ${text(bulkRun.output_csv_url)}`);
  io.stdout.write(`${lines.join("\n")}\n`);
}
