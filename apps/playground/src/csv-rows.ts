/** One row of a bulk run's output CSV (`run_id,status,output,error`), numbered from 1 like the input rows. */
export interface OutputRow {
  row: number;
  run_id: string;
  status: string;
  output: string;
  error: string;
}

// A field: quoted (with "" for a quote, may span lines) or bare, then a comma, a line end or the end.
const FIELD = /("(?:[^"]|"")*"|[^,\r\n]*)(,|\r?\n|$)/y;

/** Splits CSV text into rows of fields (RFC 4180). */
export function splitCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  FIELD.lastIndex = 0;
  while (FIELD.lastIndex < text.length) {
    const match = FIELD.exec(text);
    if (!match) break;
    const [, raw = "", end] = match;
    row.push(raw.startsWith('"') ? raw.slice(1, -1).replaceAll('""', '"') : raw);
    if (end !== ",") {
      rows.push(row);
      row = [];
    }
  }
  // "a," at the very end: the last field is empty.
  if (row.length > 0) rows.push([...row, ""]);
  return rows.filter((fields) => fields.some((field) => field !== ""));
}

/** The output CSV's rows by its header names; an unknown column is ignored, a missing one is "". */
export function parseOutputCsv(text: string): OutputRow[] {
  const [header = [], ...rows] = splitCsv(text);
  const column = (fields: string[], name: string) => fields[header.indexOf(name)] ?? "";
  return rows.map((fields, index) => ({
    row: index + 1,
    run_id: column(fields, "run_id"),
    status: column(fields, "status"),
    output: column(fields, "output"),
    error: column(fields, "error"),
  }));
}
