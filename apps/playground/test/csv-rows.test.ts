import { expect, test } from "vitest";
import { parseOutputCsv, splitCsv } from "../src/csv-rows";

test("splits quoted fields with commas, doubled quotes and line breaks, CRLF or LF", () => {
  expect(splitCsv('a,b,c\n1,"x,""y""",\n"two\nlines",2,3\r\n\nlast,')).toEqual([
    ["a", "b", "c"],
    ["1", 'x,"y"', ""],
    ["two\nlines", "2", "3"],
    ["last", ""],
  ]);
  expect(splitCsv("a,b")).toEqual([["a", "b"]]);
});

test("reads the output CSV's rows by column name, numbered like the input rows", () => {
  const csv =
    'run_id,status,output,error\nrnp_1,completed,"{""greeting"":""Hi""}",\nrnp_2,failed,,"inputs.name: expected string, received undefined"\n';
  expect(parseOutputCsv(csv)).toEqual([
    { row: 1, run_id: "rnp_1", status: "completed", output: '{"greeting":"Hi"}', error: "" },
    {
      row: 2,
      run_id: "rnp_2",
      status: "failed",
      output: "",
      error: "inputs.name: expected string, received undefined",
    },
  ]);
  expect(parseOutputCsv("run_id,status,output,error\n")).toEqual([]);
});
