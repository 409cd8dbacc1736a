import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { csvField, parseCsv } from "./csv";

const MAX_CSV_BYTES = 10 * 1024 * 1024;

/** Reads the CSV text at an http(s) or file: URL (at most 10 MiB). */
export async function readCsv(url: string, signal?: AbortSignal): Promise<string> {
  const parsed = new URL(url);
  let text: string;
  if (parsed.protocol === "file:") {
    text = await readFile(fileURLToPath(parsed), { encoding: "utf8", signal });
  } else if (parsed.protocol === "http:" || parsed.protocol === "https:") {
    // A timer we own, not AbortSignal.timeout(): on Node 20 that one may never fire (nodejs/node#57736).
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error("fetching the CSV took over 30 s")), 30_000);
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const response = await fetch(parsed, { signal: controller.signal });
      if (!response.ok) throw new Error(`fetching the CSV answered ${response.status}`);
      text = await response.text();
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  } else {
    throw new Error(`input_csv_url must be an http(s) or file: URL, received ${parsed.protocol}`);
  }
  if (text.length > MAX_CSV_BYTES) throw new Error(`the CSV is larger than ${MAX_CSV_BYTES} bytes`);
  return text;
}

/**
 * The CSV's rows as input objects (header row = input names), parsed a slice at a time as they are
 * taken: a bulk run of 100,000 rows never holds 100,000 parsed rows in memory. Throws at once when
 * there is no header row.
 */
export function csvInputs(text: string): Iterator<Record<string, string>> {
  const slices = csvSlices(text, PARSE_SLICE_CHARS);
  let rows: string[][] = [];
  let index = 0;
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
 * Cuts CSV text into slices of about `size` characters that end at a line break outside quotes (an even
 * number of `"` before it: quotes come in pairs, doubled ones too), so each slice parses on its own.
 */
function* csvSlices(text: string, size: number): Generator<string> {
  let start = 0;
  let quotes = 0;
  let scanned = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    for (;;) {
      for (; scanned < end; scanned++) if (text.charCodeAt(scanned) === 34) quotes++;
      if (end >= text.length) break;
      const newline = text.indexOf("\n", end);
      if (newline === -1) {
        end = text.length;
        continue;
      }
      for (; scanned <= newline; scanned++) if (text.charCodeAt(scanned) === 34) quotes++;
      end = newline + 1;
      if (quotes % 2 === 0) break;
    }
    yield text.slice(start, end);
    start = end;
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
