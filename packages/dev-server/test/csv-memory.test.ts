import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type BulkRun, Workflows } from "@leap-workflows/core";
import { afterEach, describe, expect, test } from "vitest";
import { createDevServer } from "../src/index";
import { CsvMemoryBudget } from "../src/runner/csv-budget";
import { eventually, listenOnLoopback } from "./helpers";

const MiB = 1024 * 1024;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Lets every promise callback queued so far run. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

describe("the CSV memory budget", () => {
  test("grants in order: a read that does not fit waits, and the smaller ones behind it wait too", async () => {
    const budget = new CsvMemoryBudget(10);
    const granted: string[] = [];
    const first = await budget.reserve(6);
    const big = budget.reserve(6).then((reservation) => {
      granted.push("big");
      return reservation;
    });
    const small = budget.reserve(1).then((reservation) => {
      granted.push("small");
      return reservation;
    });
    await settled();
    expect({ held: budget.held, waiting: budget.waiting, granted }).toEqual({
      held: 6,
      waiting: 2,
      granted: [],
    });
    first.shrinkTo(4);
    await settled();
    expect({ held: budget.held, granted }).toEqual({ held: 10, granted: ["big"] });
    first.release();
    first.release();
    await small;
    expect({ held: budget.held, peak: budget.peak, granted }).toEqual({
      held: 7,
      peak: 10,
      granted: ["big", "small"],
    });
    (await big).release();
    (await small).release();
    expect(budget.held).toBe(0);
  });

  test("a waiter whose signal aborts leaves the line, and the ones behind it move up", async () => {
    const budget = new CsvMemoryBudget(10);
    const held = await budget.reserve(10);
    const controller = new AbortController();
    const aborted = budget.reserve(5, controller.signal);
    const next = budget.reserve(5);
    controller.abort(new Error("stopping"));
    await expect(aborted).rejects.toThrow("stopping");
    held.shrinkTo(5);
    await next;
    expect({ held: budget.held, waiting: budget.waiting }).toEqual({ held: 10, waiting: 0 });
  });

  test("a request larger than the budget asks for all of it, not forever", async () => {
    const budget = new CsvMemoryBudget(10);
    await budget.reserve(50);
    expect(budget.held).toBe(10);
  });
});

/** A CSV server on 127.0.0.1 that holds every answer until the test lets it go, and counts reads at once. */
async function heldCsvServer(declareLength: boolean) {
  const body = "name\nAda\n";
  const held: Array<{ index: number; response: ServerResponse }> = [];
  const served: number[] = [];
  let open = 0;
  let mostAtOnce = 0;
  const server = createServer((request, response) => {
    open++;
    mostAtOnce = Math.max(mostAtOnce, open);
    served.push(Number(request.url?.slice(1)));
    response.once("close", () => open--);
    response.writeHead(200, declareLength ? { "content-length": body.length } : {});
    response.write(body.slice(0, 5));
    held.push({ index: Number(request.url?.slice(1)), response });
  });
  cleanups.push(await listenOnLoopback(server));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    held,
    served,
    open: () => open,
    mostAtOnce: () => mostAtOnce,
    finish: (entry: { response: ServerResponse }) => entry.response.end(body.slice(5)),
  };
}

async function startBulkRuns(csvUrl: string, count: number) {
  const server = await createDevServer({ maxCsvMemoryBytes: 25 * MiB, webhookRetryDelays: [] });
  cleanups.push(() => server.close());
  const leap = new Workflows({ apiKey: "leap_dev_key", baseUrl: server.url, maxRetries: 0 });
  const created: BulkRun[] = [];
  // One after another, so that their CSV reads queue in this order.
  for (let index = 0; index < count; index++) {
    created.push(
      await leap.bulkRuns.create({ workflow_id: "wkf_echo", input_csv_url: `${csvUrl}/${index}` }),
    );
  }
  return {
    waitAll: () => Promise.all(created.map((bulk) => leap.bulkRuns.wait(bulk.id, { initialInterval: 10 }))),
  };
}

describe("concurrent bulk runs", () => {
  test("CSVs of unknown size hold the 10 MiB cap each: a 25 MiB budget reads two at once, in the order they came", async () => {
    const csv = await heldCsvServer(false);
    const { waitAll } = await startBulkRuns(csv.url, 6);
    for (let finished = 0; finished < 6; finished++) {
      const entry = await eventually(() => csv.held.shift());
      csv.finish(entry);
    }
    const done = await waitAll();
    expect(done.map((bulk) => bulk.status)).toEqual(Array(6).fill("completed"));
    expect(csv.mostAtOnce()).toBe(2);
    // Reads start in creation order (two at once may reach the CSV server in either order).
    csv.served.forEach((index, position) => {
      expect(Math.abs(index - position)).toBeLessThanOrEqual(1);
    });
  });

  test("a CSV that declares its size gives back the rest of the cap at once: all six are read together", async () => {
    const csv = await heldCsvServer(true);
    const { waitAll } = await startBulkRuns(csv.url, 6);
    await eventually(() => csv.open() === 6 || undefined);
    for (const entry of csv.held.splice(0)) csv.finish(entry);
    const done = await waitAll();
    expect(done.map((bulk) => bulk.status)).toEqual(Array(6).fill("completed"));
  });

  test("maxCsvMemoryBytes below one CSV's cap fails the start, naming the option", async () => {
    for (const value of [MiB, 10 * MiB - 1, 0, Number.NaN, 10.5 * MiB + 0.5]) {
      await expect(createDevServer({ maxCsvMemoryBytes: value })).rejects.toThrow(
        /maxCsvMemoryBytes \(--max-csv-memory\) must be a whole number of bytes >= 10485760/,
      );
    }
  });
});
