import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { csvField, parseCsv } from "./csv";

const MAX_CSV_BYTES = 10 * 1024 * 1024;

/** Reads the CSV at an http(s) or file: URL into input objects, one per row (header row = input names). */
export async function loadCsvInputs(url: string): Promise<Record<string, string>[]> {
  const parsed = new URL(url);
  let text: string;
  if (parsed.protocol === "file:") {
    text = await readFile(fileURLToPath(parsed), "utf8");
  } else if (parsed.protocol === "http:" || parsed.protocol === "https:") {
    const response = await fetch(parsed, { signal: AbortSignal.timeout(30_000) });
    if (!response.ok) throw new Error(`fetching the CSV answered ${response.status}`);
    text = await response.text();
  } else {
    throw new Error(`input_csv_url must be an http(s) or file: URL, received ${parsed.protocol}`);
  }
  if (text.length > MAX_CSV_BYTES) throw new Error(`the CSV is larger than ${MAX_CSV_BYTES} bytes`);
  const [header, ...rows] = parseCsv(text);
  if (!header || header.length === 0) throw new Error("the CSV has no header row naming the inputs");
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
