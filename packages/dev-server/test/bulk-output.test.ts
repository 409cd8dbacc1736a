import { mkdtempSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Workflows } from "@leap-workflows/core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createDevServer, type DevServer } from "../src/index";

const ROWS = 5_000;
let server: DevServer;
let leap: Workflows;
let outputUrl: string;
beforeAll(async () => {
  const csvDir = mkdtempSync(join(tmpdir(), "leap-output-"));
  server = await createDevServer({ csvDir, maxBulkRows: ROWS });
  leap = new Workflows({ apiKey: "leap_dev_key", baseUrl: server.url });
  const csv = join(csvDir, "rows.csv");
  writeFileSync(csv, `n\n${Array.from({ length: ROWS }, (_, index) => index).join("\n")}\n`);
  const bulk = await leap.bulkRuns.create({
    workflow_id: "wkf_echo",
    input_csv_url: pathToFileURL(csv).href,
  });
  const done = await leap.bulkRuns.wait(bulk.id, { initialInterval: 20 });
  outputUrl = done.output_csv_url ?? "";
});
afterAll(() => server.close());

test("the output CSV streams every row from the stored results, in row order", async () => {
  const response = await fetch(outputUrl);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
  // Sent as it is read, page by page: no length known up front.
  expect(response.headers.get("transfer-encoding")).toBe("chunked");
  const lines = (await response.text()).trimEnd().split("\n");
  expect(lines).toHaveLength(ROWS + 1);
  expect(lines[0]).toBe("run_id,status,output,error");
  lines.slice(1).forEach((line, index) => {
    expect(line).toMatch(new RegExp(`^rnp_\\w{15},completed,"{""n"":""${index}""}",$`));
  });
});

test("a client that leaves mid-download costs the server nothing: it goes on answering", async () => {
  await new Promise<void>((resolve, reject) => {
    const download = request(outputUrl, (response) => {
      response.once("data", () => {
        download.destroy();
        resolve();
      });
    });
    download.on("error", (error) => {
      if ((error as { code?: string }).code !== "ECONNRESET") reject(error);
    });
    download.end();
  });
  const again = await fetch(outputUrl);
  expect((await again.text()).trimEnd().split("\n")).toHaveLength(ROWS + 1);
  const probe = await leap.runAndWait({ workflow_id: "wkf_echo", inputs: { after: true } });
  expect(probe.output).toEqual({ after: true });
});
