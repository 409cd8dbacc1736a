import { type BulkInputOptions, tooManyRows } from "./bulk-input-options";
import { csvField, parseCsv } from "./csv";
import { readCsvSource } from "./csv-source";

/** Reads the CSV at an http(s) or file: URL into input objects, one per row (header row = input names). */
export async function loadCsvInputs(
  url: string,
  options: BulkInputOptions,
  signal?: AbortSignal,
): Promise<Record<string, string>[]> {
  const text = await readCsvSource(url, options, signal);
  const [header, ...rows] = parseCsv(text);
  if (!header || header.length === 0) throw new Error("the CSV has no header row naming the inputs");
  if (rows.length > options.maxRows) throw tooManyRows(options.maxRows);
  return rows.map((fields) => Object.fromEntries(header.map((name, index) => [name, fields[index] ?? ""])));
}

/** The output CSV: one line per run, in row order. */
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
