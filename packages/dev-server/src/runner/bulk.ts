import { statSync } from "node:fs";
import { ConfigurationError } from "@leap-workflows/core";
import { csvField, parseCsv } from "./csv";
import { type CsvSourceOptions, MAX_CSV_BYTES, readCsvSource } from "./csv-source";

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

/** Reads the CSV at an http(s) or file: URL into input objects, one per row (header row = input names). */
export async function loadCsvInputs(
  url: string,
  options: BulkInputOptions,
): Promise<Record<string, string>[]> {
  const text = await readCsvSource(url, options);
  const [header, ...rows] = parseCsv(text);
  if (!header || header.length === 0) throw new Error("the CSV has no header row naming the inputs");
  if (rows.length > options.maxRows) {
    throw new Error(
      `the CSV has ${rows.length} rows; this dev server runs at most ${options.maxRows} per bulk run ` +
        "(raise it with --max-bulk-rows or the maxBulkRows option)",
    );
  }
  return rows.map((fields) => Object.fromEntries(header.map((name, index) => [name, fields[index] ?? ""])));
}

/** The output CSV: one line per run, in row order, every cell safe to open in a spreadsheet. */
export function outputCsv(
  runs: { id: string; status: string; output: unknown; error: string | null }[],
): string {
  const lines = ["run_id,status,output,error"];
  for (const run of runs) {
    const output = run.output === null || run.output === undefined ? "" : JSON.stringify(run.output);
    lines.push([run.id, run.status, output, run.error ?? ""].map(csvField).join(","));
  }
  return `${lines.join("\n")}\n`;
}
