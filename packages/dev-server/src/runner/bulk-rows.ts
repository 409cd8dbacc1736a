import type { BulkRun } from "@leap-workflows/core";
import { newId } from "../ids";
import type { Store } from "../store/store";
import { OUTPUT_CSV_HEADER, outputCsvLine } from "./bulk";

const CSV_PAGE = 2_000;
const INGEST_BUDGET_MS = 8;
const DROP_BATCH = 2_000;

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
    // A turn of its own from the first chunk on: the turn that read the CSV has had its share.
    await nextTurn();
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
  }
  return count;
}

/**
 * Deletes the runs stored for a bulk run whose CSV turned out unreadable part-way, a batch per turn of the
 * event loop (one DELETE of a million rows would hold the server for seconds), then calls `done` in the
 * transaction that deletes the last batch. A stop in between leaves the bulk run without `row_count`:
 * the next start deletes the rest and reads its CSV again.
 */
export async function dropBulkRows(store: Store, bulkRunId: string, done: () => void): Promise<void> {
  for (;;) {
    const last = store.transaction(() => {
      if (store.deleteSomeRunsOfBulk(bulkRunId, DROP_BATCH) === DROP_BATCH) return false;
      done();
      return true;
    });
    if (last) return;
    await nextTurn();
  }
}

/**
 * The output CSV of a completed bulk run: its header, then its runs in row order, a page per turn of the
 * event loop, so that a download of any size never holds the server (nor the whole CSV in memory).
 */
export async function* outputCsvChunks(store: Store, id: string): AsyncGenerator<string> {
  yield OUTPUT_CSV_HEADER;
  let after = 0;
  for (;;) {
    await nextTurn();
    const page = store.bulkOutputPage(id, after, CSV_PAGE);
    let chunk = "";
    for (const row of page) chunk += outputCsvLine(row);
    if (chunk !== "") yield chunk;
    if (page.length < CSV_PAGE) return;
    after = (page.at(-1) as { row_id: number }).row_id;
  }
}
