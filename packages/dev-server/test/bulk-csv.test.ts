import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect, test } from "vitest";
import { csvInputs } from "../src/runner/bulk";
import { csvField } from "../src/runner/csv";
import { MAX_CSV_BYTES, readCsvSource } from "../src/runner/csv-source";

/** The rows of `text`, given whole or as the chunks of bytes it was read in. */
function all(text: string | readonly Buffer[], maxRows = 10_000): Record<string, string>[] {
  const rows = csvInputs(typeof text === "string" ? [Buffer.from(text)] : text, maxRows);
  const out: Record<string, string>[] = [];
  for (let next = rows.next(); !next.done; next = rows.next()) out.push(next.value);
  return out;
}

test("rows parsed a slice at a time equal the rows written, with quoted commas, quotes and line breaks across slices", () => {
  const expected = Array.from({ length: 5_000 }, (_, index) => ({
    id: String(index),
    // Every seventh row spans lines and holds quotes: some of them straddle the slice boundaries.
    note: index % 7 === 0 ? `line one, "quoted"\nline two\r\nline ${index}` : `plain ${index}`,
  }));
  const text = `id,note\r\n${expected.map((row) => `${row.id},${csvField(row.note)}`).join("\r\n")}\r\n`;
  expect(text.length).toBeGreaterThan(64 * 1024);
  expect(all(text)).toEqual(expected);
});

test("a CSV without a header row is refused before any row is read; a header alone has no rows", () => {
  expect(() => csvInputs([], 10)).toThrow(/no header row/);
  expect(() => csvInputs([Buffer.alloc(0), Buffer.alloc(0)], 10)).toThrow(/no header row/);
  expect(all("a,b\n")).toEqual([]);
  expect(all("a,b\n1\n")).toEqual([{ a: "1", b: "" }]);
});

test("the row after maxRows throws the row-cap error; exactly maxRows rows are fine", () => {
  expect(all("n\n1\n2\n3\n", 3)).toHaveLength(3);
  expect(() => all("n\n1\n2\n3\n4\n", 3)).toThrow(/more than 3 rows/);
});

/** `text`'s UTF-8 bytes cut into chunks of `size` bytes (the last one shorter). */
function chunked(text: string, size: number): Buffer[] {
  const bytes = Buffer.from(text);
  return Array.from({ length: Math.ceil(bytes.length / size) }, (_, index) =>
    bytes.subarray(index * size, (index + 1) * size),
  );
}

test("rows read in chunks equal the rows of the whole text, whatever the chunks cut (a quoted line break, CR LF, a doubled quote)", () => {
  const rows = Array.from({ length: 3_000 }, (_, index) => ({
    id: String(index),
    note: index % 5 === 0 ? `say ""hi"",\r\nthen ${index}` : `row ${index}`,
  }));
  const text = `id,note\r\n${rows.map((row) => `${row.id},${csvField(row.note)}`).join("\r\n")}\r\n`;
  const whole = all(text);
  expect(whole).toHaveLength(rows.length);
  // Chunk sizes that are not divisors of anything: boundaries fall inside quotes, between CR and LF, in
  // doubled quotes; 1 makes every byte a chunk. Chunks larger and smaller than a parse slice.
  for (const size of [1, 7, 1_000, 16 * 1024 - 1, 65_536, 100_003]) {
    expect(all(chunked(text, size))).toEqual(whole);
  }
  // Empty chunks change nothing.
  expect(all(chunked(text, 4_096).flatMap((chunk) => [chunk, Buffer.alloc(0)]))).toEqual(whole);
});

test("a quoted field longer than a chunk and a parse slice is read whole", () => {
  const long = `${"x".repeat(40_000)}\n${"y,".repeat(20_000)}"`;
  const text = `a,b\n1,${csvField(long)}\n2,short\n`;
  expect(all(chunked(text, 4_096))).toEqual([
    { a: "1", b: long },
    { a: "2", b: "short" },
  ]);
});

test("a multi-byte character split across two chunks is decoded whole; one cut off at the end as a whole-buffer decode does", () => {
  const text = "name\nZoë\n日本語\n😀 smile\n";
  const expected = [{ name: "Zoë" }, { name: "日本語" }, { name: "😀 smile" }];
  const bytes = Buffer.from(text);
  for (let cut = 1; cut < bytes.length; cut++) {
    expect(all([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(expected);
  }
  const cutOff = bytes.subarray(0, bytes.indexOf(0xf0) + 2);
  expect(all([cutOff.subarray(0, 8), cutOff.subarray(8)])).toEqual(all(cutOff.toString("utf8")));
});

test("a file: CSV of many read chunks, multi-byte characters across their boundaries, gives every row", async () => {
  const csvDir = mkdtempSync(join(tmpdir(), "leap-csv-chunks-"));
  // Rows of 3-byte characters: 65,536-byte reads end inside one of them.
  const names = Array.from({ length: 20_000 }, (_, index) => `名前${index}`);
  writeFileSync(join(csvDir, "rows.csv"), `name\n${names.join("\n")}\n`);
  const chunks = await readCsvSource(pathToFileURL(join(csvDir, "rows.csv")).href, {
    csvDir,
    maxBytes: MAX_CSV_BYTES,
    addressPolicy: { refusePrivate: false, allowedHosts: new Set<string>() },
  });
  expect(chunks.length).toBeGreaterThan(1);
  expect(all(chunks, 100_000).map((row) => row.name)).toEqual(names);
});
