import { statSync } from "node:fs";
import { ConfigurationError } from "@leap-workflows/core";
import { type CsvSourceOptions, MAX_CSV_BYTES } from "./csv-source";

/** How a bulk run reads its CSV. */
export interface BulkInputOptions extends CsvSourceOptions {
  /** The most rows (after the header) one bulk run may have; more fail the bulk run. */
  maxRows: number;
}

/** The most rows of one bulk run, unless `maxBulkRows` says otherwise. */
export const DEFAULT_MAX_BULK_ROWS = 10_000;

/**
 * The bulk-input limits from the server's options, checked at start: a `csvDir` that is not a folder, or a
 * `maxBulkRows` that is not a whole number >= 1, is a `ConfigurationError` naming the option.
 */
export function bulkInputOptions(options: {
  csvDir?: string | undefined;
  maxBulkRows?: number | undefined;
}): BulkInputOptions {
  const maxRows = options.maxBulkRows ?? DEFAULT_MAX_BULK_ROWS;
  // Plain checks until the shared numeric-option validator lands.
  if (!Number.isSafeInteger(maxRows) || maxRows < 1) {
    throw new ConfigurationError(`maxBulkRows must be a whole number >= 1, received ${String(maxRows)}`);
  }
  if (options.csvDir !== undefined && !statSync(options.csvDir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new ConfigurationError(`csvDir (--csv-dir) must be an existing folder, received ${options.csvDir}`);
  }
  return { csvDir: options.csvDir, maxBytes: MAX_CSV_BYTES, maxRows };
}

/** The error of a CSV with more rows than `maxRows` (raised as soon as one row too many is seen). */
export const tooManyRows = (maxRows: number): Error =>
  new Error(
    `the CSV has more than ${maxRows} rows; this dev server runs at most ${maxRows} per bulk run ` +
      "(raise it with --max-bulk-rows or the maxBulkRows option)",
  );
