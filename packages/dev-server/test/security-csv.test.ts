import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BulkRun, Workflows } from "@leap-workflows/core";
import { afterEach, describe, expect, test } from "vitest";
import { createDevServer, type DevServerOptions } from "../src/index";
import { csvField } from "../src/runner/csv";
import { listenOnLoopback } from "./helpers";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(options: DevServerOptions = {}) {
  const server = await createDevServer({ webhookRetryDelays: [], ...options });
  cleanups.push(() => server.close());
  const leap = new Workflows({ apiKey: "leap_dev_key", baseUrl: server.url, maxRetries: 0 });
  const bulk = async (input_csv_url: string, workflow_id = "wkf_echo"): Promise<BulkRun> => {
    const created = await leap.bulkRuns.create({ workflow_id, input_csv_url });
    return leap.bulkRuns.wait(created.id, { initialInterval: 10 });
  };
  return { server, leap, bulk };
}

async function serve(listener: Parameters<typeof createServer>[1]): Promise<string> {
  const server: Server = createServer(listener);
  cleanups.push(await listenOnLoopback(server));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("file: CSVs", () => {
  test("a bulk run cannot read /etc/passwd: file: CSVs are off without --csv-dir", async () => {
    const { bulk } = await start();
    const done = await bulk("file:///etc/passwd");
    expect(done).toMatchObject({ status: "failed", output_csv_url: null, row_count: 0 });
    expect(done.error).toMatch(/file: CSVs are off.*--csv-dir/);
    expect(done.error).not.toMatch(/root/);
  });

  test("with --csv-dir, a path outside it is refused, and the answer does not tell whether it exists", async () => {
    const csvDir = mkdtempSync(join(tmpdir(), "leap-csv-dir-"));
    const { bulk } = await start({ csvDir });
    const existing = await bulk("file:///etc/passwd");
    const missing = await bulk("file:///etc/no-such-file-here.csv");
    const dotted = await bulk(`${pathToFileURL(csvDir).href}/../../etc/passwd`);
    expect(existing.status).toBe("failed");
    expect(existing.error).toMatch(/--csv-dir/);
    expect(missing.error).toBe(existing.error);
    expect(dotted.error).toBe(existing.error);
  });

  test("a symlink out of the CSV folder is refused; a file inside it is read", async () => {
    const csvDir = mkdtempSync(join(tmpdir(), "leap-csv-dir-"));
    symlinkSync("/etc/passwd", join(csvDir, "passwd.csv"));
    mkdirSync(join(csvDir, "nested"));
    writeFileSync(join(csvDir, "nested", "rows.csv"), "name\nAda\n");
    const { bulk } = await start({ csvDir });
    const escaped = await bulk(pathToFileURL(join(csvDir, "passwd.csv")).href);
    expect(escaped).toMatchObject({ status: "failed", output_csv_url: null });
    expect(escaped.error).toMatch(/not a readable regular file inside the dev server's --csv-dir/);
    const inside = await bulk(pathToFileURL(join(csvDir, "nested", "rows.csv")).href);
    expect(inside).toMatchObject({ status: "completed", row_count: 1 });
  });

  test("a FIFO in the CSV folder is refused instead of blocking a thread until a writer comes", async () => {
    const csvDir = mkdtempSync(join(tmpdir(), "leap-csv-dir-"));
    execFileSync("mkfifo", [join(csvDir, "pipe.csv")]);
    const { bulk } = await start({ csvDir });
    const done = await bulk(pathToFileURL(join(csvDir, "pipe.csv")).href);
    expect(done).toMatchObject({ status: "failed" });
    expect(done.error).toMatch(/regular file/);
  });
});

describe("CSV size", () => {
  test("a 1 GB CSV over http is refused at the byte cap, not read into memory", async () => {
    let sent = 0;
    const chunk = Buffer.from(`${"x".repeat(1023)}\n`.repeat(64)); // 64 KiB of rows
    const url = await serve((_, response) => {
      response.writeHead(200, { "content-type": "text/csv" });
      response.write("name\n");
      // Backpressure-aware: the server only gets ahead of the reader by a socket buffer or so.
      const pump = () => {
        while (sent < 1024 ** 3) {
          sent += chunk.length;
          if (!response.write(chunk)) return void response.once("drain", pump);
        }
        response.end();
      };
      response.on("close", () => response.off("drain", pump));
      pump();
    });
    const { bulk } = await start();
    const done = await bulk(`${url}/huge.csv`);
    expect(done).toMatchObject({ status: "failed", output_csv_url: null });
    expect(done.error).toMatch(/larger than 10485760 bytes/);
    expect(sent).toBeLessThan(256 * 1024 ** 2);
  });

  test("a CSV with more rows than maxBulkRows fails with an error naming the cap; at the cap it runs", async () => {
    const url = await serve((request, response) => {
      const rows = request.url === "/four.csv" ? 4 : 3;
      response.writeHead(200).end(`n\n${Array.from({ length: rows }, (_, index) => index).join("\n")}\n`);
    });
    const { bulk } = await start({ maxBulkRows: 3 });
    const over = await bulk(`${url}/four.csv`);
    expect(over).toMatchObject({ status: "failed", row_count: 0 });
    expect(over.error).toMatch(
      /more than 3 rows; this dev server runs at most 3 per bulk run.*--max-bulk-rows/,
    );
    expect(await bulk(`${url}/three.csv`)).toMatchObject({ status: "completed", row_count: 3 });
  });

  test("a CSV found a row over the cap after thousands of rows were stored fails with none of them left", async () => {
    const cap = 4_500; // the rows stored before the one too many are dropped in several batches
    const url = await serve((_, response) =>
      response.writeHead(200).end(`n\n${Array.from({ length: cap + 1 }, (_, index) => index).join("\n")}\n`),
    );
    const { server, bulk } = await start({ maxBulkRows: cap });
    const over = await bulk(`${url}/over.csv`);
    expect(over).toMatchObject({ status: "failed", row_count: 0 });
    expect(over.error).toMatch(new RegExp(`more than ${cap} rows`));
    expect(server.listRuns().filter((run) => run.bulk_run_id === over.id)).toEqual([]);
  });
});

describe("output CSV", () => {
  test("a workflow's error cannot plant a spreadsheet formula in the output CSV", async () => {
    const url = await serve((_, response) =>
      response.writeHead(200).end('message\n"=HYPERLINK(""https://evil.example"",""x"")"\n@SUM(A1)\n'),
    );
    const { bulk } = await start();
    const done = await bulk(`${url}/rows.csv`, "wkf_fail");
    const csv = await (await fetch(done.output_csv_url ?? "")).text();
    const errors = csv
      .trim()
      .split("\n")
      .slice(1)
      .map((line) => line.slice(line.indexOf(",,") + 2));
    expect(errors).toEqual(['"\'=HYPERLINK(""https://evil.example"",""x"")"', '"\'@SUM(A1)"']);
  });

  test("cells starting with = + - @ tab or CR get a leading quote (OWASP); others are unchanged", () => {
    for (const cell of ["=1+1", "+1", "-1", "@x", "\tx", "\rx"]) {
      expect(csvField(cell)).toBe(`"'${cell}"`);
    }
    expect(csvField('-"a"')).toBe(`"'-""a"""`);
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
  });
});

describe("options", () => {
  test("a csvDir that is not a folder, or a maxBulkRows that is not a whole number >= 1, fails the start", async () => {
    for (const [options, name] of [
      [{ csvDir: join(tmpdir(), "leap-no-such-folder-here") }, "csvDir"],
      [{ maxBulkRows: 0 }, "maxBulkRows"],
      [{ maxBulkRows: Number.NaN }, "maxBulkRows"],
      [{ maxBulkRows: 2.5 }, "maxBulkRows"],
    ] as const) {
      await expect(createDevServer(options)).rejects.toThrow(name);
    }
  });
});
