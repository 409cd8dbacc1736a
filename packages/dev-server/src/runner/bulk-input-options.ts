import { statSync } from "node:fs";
import { ConfigurationError } from "@leap-workflows/core";
import { csvHostName } from "./csv-addresses";
import { CsvMemoryBudget } from "./csv-budget";
import { type CsvSourceOptions, MAX_CSV_BYTES } from "./csv-source";

/** How a bulk run reads its CSV. */
export interface BulkInputOptions extends CsvSourceOptions {
  /** The most rows (after the header) one bulk run may have; more fail the bulk run. */
  maxRows: number;
  /** The CSV bytes held at once across bulk runs. */
  budget: CsvMemoryBudget;
}

/** The most rows of one bulk run, unless `maxBulkRows` says otherwise. */
const DEFAULT_MAX_BULK_ROWS = 10_000;

/** The CSV bytes held at once across bulk runs, unless `maxCsvMemoryBytes` says otherwise. */
const DEFAULT_MAX_CSV_MEMORY_BYTES = 64 * 1024 * 1024;

/**
 * The bulk-input limits from the server's options, checked at start: a `csvDir` that is not a folder, or a
 * `maxBulkRows` that is not a whole number >= 1, is a `ConfigurationError` naming the option.
 * `beyondLoopback` turns on the refusal of loopback and private CSV addresses.
 */
export function bulkInputOptions(options: {
  csvDir?: string | undefined;
  maxBulkRows?: number | undefined;
  maxCsvMemoryBytes?: number | undefined;
  allowCsvHosts?: readonly string[] | undefined;
  beyondLoopback: boolean;
}): BulkInputOptions {
  const maxRows = options.maxBulkRows ?? DEFAULT_MAX_BULK_ROWS;
  const memory = options.maxCsvMemoryBytes ?? DEFAULT_MAX_CSV_MEMORY_BYTES;
  // Plain checks until the shared numeric-option validator lands.
  if (!Number.isSafeInteger(maxRows) || maxRows < 1) {
    throw new ConfigurationError(`maxBulkRows must be a whole number >= 1, received ${String(maxRows)}`);
  }
  if (!Number.isSafeInteger(memory) || memory < MAX_CSV_BYTES) {
    throw new ConfigurationError(
      `maxCsvMemoryBytes (--max-csv-memory) must be a whole number of bytes >= ${MAX_CSV_BYTES} (one CSV at ` +
        `its largest), received ${String(memory)}`,
    );
  }
  if (options.csvDir !== undefined && !statSync(options.csvDir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new ConfigurationError(`csvDir (--csv-dir) must be an existing folder, received ${options.csvDir}`);
  }
  const allowedHosts = new Set<string>();
  for (const host of options.allowCsvHosts ?? []) {
    const name = typeof host === "string" ? csvHostName(host) : undefined;
    if (name === undefined) {
      throw new ConfigurationError(
        `allowCsvHosts (--allow-csv-host) takes host names or IP addresses without scheme, port or path, received ${JSON.stringify(host)}`,
      );
    }
    allowedHosts.add(name);
  }
  return {
    csvDir: options.csvDir,
    maxBytes: MAX_CSV_BYTES,
    maxRows,
    addressPolicy: { refusePrivate: options.beyondLoopback, allowedHosts },
    budget: new CsvMemoryBudget(memory),
  };
}

/** The error of a CSV with more rows than `maxRows` (raised as soon as one row too many is seen). */
export const tooManyRows = (maxRows: number): Error =>
  new Error(
    `the CSV has more than ${maxRows} rows; this dev server runs at most ${maxRows} per bulk run ` +
      "(raise it with --max-bulk-rows or the maxBulkRows option)",
  );
