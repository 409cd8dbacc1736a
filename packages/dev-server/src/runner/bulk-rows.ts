import type { BulkRun } from "@leap-workflows/core";
import { newId } from "../ids";
import type { Store } from "../store/store";
import { OUTPUT_CSV_HEADER, outputCsvLine } from "./bulk";

const CSV_PAGE = 2_000;
const INGEST_BUDGET_MS = 8;

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Stores one queued run per row, a chunk per turn of the event loop, and returns how many; `row_count` is
 * written with the last chunk, so a bulk run with `row_count` set has all its rows stored. Once `stopping()`,
 * the remaining rows are stored at once (the bulk run was acknowledged), to run on the next start. A row
 * that cannot be read throws, with the rows stored so far left for the caller to drop.
 */
export async function storeBulkRows(
  store: Store,
  bulk: BulkRun,
  rows: Iterator<Record<string, string>>,
  stopping: () => boolean,
): Promise<number> {
  const now = new Date().toISOString();
  let count = 0;
  let ended = false;
  while (!ended) {
    const turnStart = performance.now();
    store.transaction(() => {
      // Stopping stores every remaining row now; otherwise one turn stores rows for INGEST_BUDGET_MS.
      while (stopping() || count % 64 !== 0 || performance.now() - turnStart < INGEST_BUDGET_MS) {
        const row = rows.next();
        if (row.done) {
          ended = true;
          store.setBulkRowCount(bulk.id, count);
          return;
        }
        count++;
        store.insertRun({
          run: {
            id: newId("rnp"),
            version_id: bulk.version_id,
            status: "queued",
            created_at: now,
            started_at: null,
            ended_at: null,
            workflow_id: bulk.workflow_id,
            error: null,
            input: row.value,
            output: null,
          },
          webhookUrl: null,
          bulkRunId: bulk.id,
          idempotencyKey: null,
          fingerprint: null,
        });
      }
    });
    if (!ended) await nextTurn();
  }
  return count;
}

/**
 * The output CSV of a bulk run whose runs all finished, built a page at a time (yielding between pages);
 * `undefined` when `stopping()`: the bulk run then stays running and completes on the next start.
 */
export async function buildOutputCsv(
  store: Store,
  id: string,
  stopping: () => boolean,
): Promise<string | undefined> {
  let csv = OUTPUT_CSV_HEADER;
  let after = 0;
  for (;;) {
    await nextTurn();
    if (stopping()) return undefined;
    const page = store.bulkOutputPage(id, after, CSV_PAGE);
    for (const row of page) csv += outputCsvLine(row);
    if (page.length < CSV_PAGE) return csv;
    after = (page.at(-1) as { row_id: number }).row_id;
  }
}
