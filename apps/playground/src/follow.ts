import type { BulkRun } from "@leap-workflows/core";
import { parseOutputCsv } from "./csv-rows";
import type { BulkRows, RunState } from "./event-log";
import { readOutputCsv } from "./server/csv-hosting";
import type { Stack } from "./stack";
import type { PlaygroundWorkflow } from "./workflows/definitions";

const isFinal = (status: string) => status !== "queued" && status !== "running";

/** A bulk run's rows counted from the runs it started (while it runs: a row refused before it became a run is not there). */
export function rowsFromRuns(bulk: BulkRun, runs: RunState[]): BulkRows {
  const completed = runs.filter((run) => run.status === "completed").length;
  const failed = runs.filter((run) => isFinal(run.status) && run.status !== "completed").length;
  // row_count is 0 (not null, as Leap's published schema has it a number) until the CSV is read; a bulk
  // run with no rows is final at once, so 0 while in progress means "not known yet".
  const total = bulk.row_count === 0 && !isFinal(bulk.status) ? null : bulk.row_count;
  return { completed, failed, total };
}

/** A finished bulk run's rows counted from its output CSV, the last word on each row. */
export async function rowsFromOutputCsv(
  stack: Stack,
  bulk: BulkRun & { output_csv_url: string },
): Promise<BulkRows> {
  const rows = parseOutputCsv(await readOutputCsv(stack, bulk.output_csv_url));
  const completed = rows.filter((row) => row.status === "completed").length;
  return { completed, failed: rows.length - completed, total: bulk.row_count ?? rows.length };
}

/** Follows a run until it ends, logging each status it moves to (not every identical poll). */
export function followRun(stack: Stack, runId: string, workflow: PlaygroundWorkflow): void {
  let last = "";
  void stack.leap.runs
    .wait(runId, {
      workflow,
      onPoll: (run) => {
        if (run.status === last) return;
        last = run.status;
        stack.log.add({ type: "run", run });
      },
      initialInterval: 250,
      maxInterval: 1_000,
      timeout: 120_000,
    })
    .catch(() => {});
}

/**
 * Follows a bulk run until it ends. While it runs, the rows' runs are read from the dev server (which knows
 * the bulk run each was started by) and logged as they move, so the page shows rows done and failed live.
 * Once it has completed, its output CSV is the word on each row.
 */
export function followBulk(stack: Stack, bulkId: string): void {
  const { leap, log, devServer } = stack;
  const seen = new Map<string, string>();
  let last = "";
  const report = (bulk: BulkRun, rows: BulkRows) => {
    const key = JSON.stringify([bulk.status, bulk.row_count, bulk.error, bulk.output_csv_url, rows]);
    if (key === last) return;
    last = key;
    log.add({ type: "bulk", bulk, rows });
  };
  const observe = (bulk: BulkRun): BulkRows => {
    const runs: RunState[] = devServer
      .listRuns()
      .filter((run) => run.bulk_run_id === bulk.id)
      .map(({ idempotency_key: _, ...run }) => run);
    for (const run of runs) {
      if (seen.get(run.id) === run.status) continue;
      seen.set(run.id, run.status);
      log.add({ type: "run", run });
    }
    const rows = rowsFromRuns(bulk, runs);
    // Once over, its output CSV has the last word (a row refused before it became a run counts there).
    if (!isFinal(bulk.status) || !bulk.output_csv_url) report(bulk, rows);
    return rows;
  };
  void (async () => {
    const bulk = await leap.bulkRuns.wait(bulkId, {
      onPoll: observe,
      initialInterval: 250,
      maxInterval: 1_000,
      timeout: 600_000,
    });
    const { output_csv_url } = bulk;
    if (!output_csv_url) return;
    try {
      report(bulk, await rowsFromOutputCsv(stack, { ...bulk, output_csv_url }));
    } catch {
      report(bulk, observe(bulk));
    }
  })().catch(() => {});
}
