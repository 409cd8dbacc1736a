import type { BulkRun } from "@leap-workflows/core";
import type { BulkRows, EventLog, RunState } from "./event-log";
import { followBulk, followRun, rowsFromOutputCsv, rowsFromRuns } from "./follow";
import type { PlaygroundHistory } from "./history";
import { outageOfUrl } from "./server/webhook-fanout";
import type { Stack } from "./stack";
import { traceIdOfUrl } from "./trace";
import { findWorkflow } from "./workflows/definitions";

const isFinal = (status: string) => status !== "queued" && status !== "running";

async function rowsOf(stack: Stack, bulk: BulkRun, runs: RunState[]): Promise<BulkRows> {
  const { output_csv_url } = bulk;
  if (isFinal(bulk.status) && output_csv_url) {
    try {
      return await rowsFromOutputCsv(stack, { ...bulk, output_csv_url });
    } catch {
      // Counted from its runs instead.
    }
  }
  return rowsFromRuns(bulk, runs);
}

/**
 * Tells the log, at start, what earlier sessions left: runs, bulk runs (with their rows) and each one's
 * delivery attempts from the dev server's store; the receivers' verdicts and trace ids from the playground's
 * own history. Runs and bulk runs still going are followed again.
 */
export async function restoreHistory(stack: Stack, history: PlaygroundHistory): Promise<void> {
  const { devServer, log } = stack;
  const runs: RunState[] = devServer.listRuns().map(({ idempotency_key: _, ...run }) => run);
  for (const run of runs) log.add({ type: "run", run }, run.ended_at ?? run.started_at ?? run.created_at);
  const bulks = devServer.listBulkRuns().map(({ idempotency_key: _, ...bulk }) => bulk);
  for (const bulk of bulks) {
    const rows = await rowsOf(
      stack,
      bulk,
      runs.filter((run) => run.bulk_run_id === bulk.id),
    );
    log.add({ type: "bulk", bulk, rows }, bulk.created_at);
  }

  // Every run's and bulk run's attempts (a data folder from before the playground kept its own history has
  // no webhook URLs recorded, but its attempts are in the store all the same).
  const urls = history.webhookUrls();
  for (const subjectId of [...runs.map((run) => run.id), ...bulks.map((bulk) => bulk.id)]) {
    const url = urls.get(subjectId);
    const traceId = traceIdOfUrl(url);
    if (traceId) log.add({ type: "trace", subjectId, traceId });
    const outage = url ? outageOfUrl(url) : 0;
    for (const stored of devServer.deliveries(subjectId)) {
      log.add(
        {
          type: "attempt",
          subjectId,
          webhookId: stored.webhook_id,
          attempt: stored.attempt,
          answer: stored.status_code ?? 0,
          outage: stored.attempt <= outage,
        },
        stored.at,
      );
    }
  }
  for (const record of history.records) {
    if (record.kind === "verdict") log.add(record.verdict, record.at);
    else if (record.kind === "trace" && traceIdOfUrl(urls.get(record.subjectId)) === null)
      log.add({ type: "trace", subjectId: record.subjectId, traceId: record.traceId });
  }

  for (const run of runs) {
    const workflow = findWorkflow(run.workflow_id);
    if (!isFinal(run.status) && !run.bulk_run_id && workflow) followRun(stack, run.id, workflow);
  }
  for (const bulk of bulks) if (!isFinal(bulk.status)) followBulk(stack, bulk.id);
}

/** Keeps the receivers' verdicts logged from now on in `history`. */
export function keepVerdicts(log: EventLog, history: PlaygroundHistory): () => void {
  return log.subscribe((event) => {
    if (event.type !== "delivery") return;
    const { at, ...verdict } = event;
    history.append({ kind: "verdict", verdict, at });
  });
}
