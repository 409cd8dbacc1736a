import { StringDecoder } from "node:string_decoder";
import { tooManyRows } from "./bulk-input-options";
import { csvField, parseCsv } from "./csv";
import type { CsvChunks } from "./csv-chunks";

/**
 * The CSV's rows as input objects (header row = input names), parsed a slice at a time as they are
 * taken: a bulk run of 100,000 rows never holds 100,000 parsed rows in memory. Throws at once when
 * there is no header row, and when taking the row after `maxRows`.
 */
export function csvInputs(csv: CsvChunks, maxRows: number): Iterator<Record<string, string>> {
  const slices = csvSlices(csv, PARSE_SLICE_CHARS);
  let rows: string[][] = [];
  let index = 0;
  let taken = 0;
  const first = slices.next();
  if (!first.done) rows = parseCsv(first.value);
  const header = rows.shift();
  if (!header || header.length === 0) throw new Error("the CSV has no header row naming the inputs");
  return {
    next() {
      while (index >= rows.length) {
        const slice = slices.next();
        if (slice.done) return { done: true, value: undefined };
        rows = parseCsv(slice.value);
        index = 0;
      }
      if (++taken > maxRows) throw tooManyRows(maxRows);
      const fields = rows[index++] as string[];
      const input: Record<string, string> = {};
      header.forEach((name, column) => {
        input[name] = fields[column] ?? "";
      });
      return { done: false, value: input };
    },
  };
}

const PARSE_SLICE_CHARS = 16 * 1024;

/**
 * Decodes a CSV's chunks (UTF-8; a character split across two chunks stays whole) and cuts the text into
 * slices of about `size` characters that end at a line break outside quotes (an even number of `"` before
 * it: quotes come in pairs, doubled ones too), so each slice parses on its own. A slice takes in as many
 * chunks as its line needs; only what is not sliced yet is held as text.
 */
function* csvSlices(chunks: CsvChunks, size: number): Generator<string> {
  const decoder = new StringDecoder("utf8");
  // What is not sliced yet, starting where a row starts; `taken` chunks are in it.
  let text = "";
  let taken = 0;
  const takeChunk = () => {
    text += decoder.write(chunks[taken++] as Buffer);
    if (taken === chunks.length) text += decoder.end();
  };
  for (;;) {
    while (taken < chunks.length && text.length < size) takeChunk();
    if (text === "") return;
    let quotes = 0;
    let scanned = 0;
    let end = Math.min(size, text.length);
    for (;;) {
      for (; scanned < end; scanned++) if (text.charCodeAt(scanned) === 34) quotes++;
      const newline = text.indexOf("\n", end);
      if (newline === -1) {
        end = text.length;
        if (taken === chunks.length) break;
        // The line goes on in the next chunk.
        takeChunk();
        continue;
      }
      for (; scanned <= newline; scanned++) if (text.charCodeAt(scanned) === 34) quotes++;
      end = newline + 1;
      if (quotes % 2 === 0) break;
    }
    yield text.slice(0, end);
    text = text.slice(end);
  }
}

/** The first line of every output CSV. */
export const OUTPUT_CSV_HEADER = "run_id,status,output,error\n";

/** One line of the output CSV; `output` is the run's output as stored (JSON text), or null. */
export function outputCsvLine(run: {
  id: string;
  status: string;
  output: string | null;
  error: string | null;
}): string {
  return `${[run.id, run.status, run.output ?? "", run.error ?? ""].map(csvField).join(",")}\n`;
}
