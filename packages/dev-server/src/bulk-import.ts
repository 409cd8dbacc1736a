import { setMaxListeners } from "node:events";
import type { BulkRun } from "@leap-workflows/core";
import { csvInputs } from "./runner/bulk";
import type { BulkInputOptions } from "./runner/bulk-input-options";
import { dropBulkRows, storeBulkRows } from "./runner/bulk-rows";
import type { CsvReservation } from "./runner/csv-budget";
import { readCsvSource } from "./runner/csv-source";
import type { Store } from "./store/store";

interface BulkImportOptions {
  store: Store;
  bulkInput: BulkInputOptions;
  /** Aborted when the engine stops, to end the CSV reads in flight. */
  signal: AbortSignal;
  stopped(): boolean;
  /** Fails the bulk run with `error` (inside the caller's transaction when there is one). */
  fail(bulkRunId: string, error: string): void;
}

/**
 * Reads a bulk run's CSV and stores its rows (`storeBulkRows`). Resolves to the number of rows stored, or
 * `undefined` when the bulk run failed (a CSV that cannot be read, a row too many or a broken row) or the
 * engine stopped while reading (the bulk run then stays without rows and reads its CSV again on the next
 * start).
 */
export async function importBulkCsv(bulk: BulkRun, options: BulkImportOptions): Promise<number | undefined> {
  const { bulkInput, stopped, fail, signal } = options;
  // The engine's one signal gets a listener per CSV read in flight or waiting its turn: hundreds are fine.
  setMaxListeners(0, signal);
  let reservation: CsvReservation;
  try {
    // The CSV's text and its rows in flight are held until the rows are stored: its bytes count until then.
    reservation = await bulkInput.budget.reserve(bulkInput.maxBytes, signal);
  } catch {
    return undefined;
  }
  try {
    let rows: Iterator<Record<string, string>>;
    try {
      const text = await readCsvSource(bulk.input_csv_url, bulkInput, signal, (bytes) =>
        reservation.shrinkTo(bytes),
      );
      rows = csvInputs(text, bulkInput.maxRows);
    } catch (error) {
      if (!stopped()) fail(bulk.id, `could not read input_csv_url: ${(error as Error).message}`);
      return undefined;
    }
    return await storeRows(bulk, rows, options);
  } finally {
    reservation.release();
  }
}

async function storeRows(
  bulk: BulkRun,
  rows: Iterator<Record<string, string>>,
  { store, stopped, fail }: BulkImportOptions,
): Promise<number | undefined> {
  try {
    return await storeBulkRows(store, bulk, rows, stopped);
  } catch (error) {
    // Found part-way: the rows stored so far never ran; drop them.
    await dropBulkRows(store, bulk.id, () =>
      fail(bulk.id, `could not read input_csv_url: ${(error as Error).message}`),
    );
    return undefined;
  }
}
