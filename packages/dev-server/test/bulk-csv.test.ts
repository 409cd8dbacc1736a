import { expect, test } from "vitest";
import { csvInputs } from "../src/runner/bulk";
import { csvField } from "../src/runner/csv";

function all(text: string, maxRows = 10_000): Record<string, string>[] {
  const rows = csvInputs(text, maxRows);
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
  expect(() => csvInputs("", 10)).toThrow(/no header row/);
  expect(all("a,b\n")).toEqual([]);
  expect(all("a,b\n1\n")).toEqual([{ a: "1", b: "" }]);
});

test("the row after maxRows throws the row-cap error; exactly maxRows rows are fine", () => {
  expect(all("n\n1\n2\n3\n", 3)).toHaveLength(3);
  expect(() => all("n\n1\n2\n3\n4\n", 3)).toThrow(/more than 3 rows/);
});
