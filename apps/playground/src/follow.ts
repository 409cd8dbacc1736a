import type { BulkRun } from "@leap-workflows/core";
import { parseOutputCsv } from "./csv-rows";
import type { BulkRows, RunState } from "./event-log";
import { readOutputCsv } from "./server/csv-hosting";
import type { Stack } from "./stack";
import type { PlaygroundWorkflow } from "./workflows/definitions";

const isFinal = (status: string) => status !== "queued" && status !== "running";

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
  const observe = (bulk: BulkRun) => {
    const runs: RunState[] = devServer
      .listRuns()
      .filter((run) => run.bulk_run_id === bulk.id)
      .map(({ idempotency_key: _, ...run }) => run);
    for (const run of runs) {
      if (seen.get(run.id) === run.status) continue;
      seen.set(run.id, run.status);
      log.add({ type: "run", run });
    }
    const completed = runs.filter((run) => run.status === "completed").length;
    const failed = runs.filter((run) => isFinal(run.status) && run.status !== "completed").length;
    report(bulk, { completed, failed, total: bulk.row_count });
  };
  void (async () => {
    const bulk = await leap.bulkRuns.wait(bulkId, {
      onPoll: observe,
      initialInterval: 250,
      maxInterval: 1_000,
      timeout: 600_000,
    });
    if (!bulk.output_csv_url) return;
    const rows = parseOutputCsv(await readOutputCsv(stack, bulk.output_csv_url));
    const completed = rows.filter((row) => row.status === "completed").length;
    report(bulk, { completed, failed: rows.length - completed, total: bulk.row_count ?? rows.length });
  })().catch(() => {});
}
