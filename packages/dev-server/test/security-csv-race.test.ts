import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Workflows } from "@leap-workflows/core";
import { afterEach, expect, test } from "vitest";
import { createDevServer } from "../src/index";
import { type OpenedFileCheck, PLATFORM_FILE_CHECK } from "../src/runner/csv-file";
import { MAX_CSV_BYTES, readCsvSource } from "../src/runner/csv-source";

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

// Swaps `<csvs>/sub` between a real folder and a symlink to a folder outside, as fast as renames go, in its
// own process (so it races the server's reads for real) until killed.
const FLIPPER = `
const { renameSync, symlinkSync } = require("node:fs");
const [csvs, outside] = process.argv.slice(1);
symlinkSync(outside, csvs + "/link");
process.stdout.write("flipping\\n");
for (;;) {
  renameSync(csvs + "/sub", csvs + "/real");
  renameSync(csvs + "/link", csvs + "/sub");
  renameSync(csvs + "/sub", csvs + "/link");
  renameSync(csvs + "/real", csvs + "/sub");
}
`;

// Swaps `<csvs>/top.csv` between a regular file and a symlink to the outside file.
const FILE_FLIPPER = `
const { renameSync, symlinkSync, writeFileSync } = require("node:fs");
const [csvs] = process.argv.slice(1);
writeFileSync(csvs + "/top.csv", "name\\ninside\\n");
symlinkSync(csvs + "/../outside/rows.csv", csvs + "/top-link");
process.stdout.write("flipping\\n");
for (;;) {
  renameSync(csvs + "/top.csv", csvs + "/top-real");
  renameSync(csvs + "/top-link", csvs + "/top.csv");
  renameSync(csvs + "/top.csv", csvs + "/top-link");
  renameSync(csvs + "/top-real", csvs + "/top.csv");
}
`;

/** A CSV folder whose `sub/rows.csv` a flipper keeps swapping with a folder outside holding `STOLEN`. */
async function racedFolder(): Promise<{ csvDir: string; url: string }> {
  const root = mkdtempSync(join(tmpdir(), "leap-csv-race-"));
  const csvDir = join(root, "csvs");
  const outside = join(root, "outside");
  mkdirSync(join(csvDir, "sub"), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(csvDir, "sub", "rows.csv"), "name\ninside\n");
  writeFileSync(join(outside, "rows.csv"), "name\nSTOLEN\n");
  const flipper = spawn(process.execPath, ["-e", FLIPPER, csvDir, outside], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(flipper);
  await new Promise((resolve) => flipper.stdout?.once("data", resolve));
  return { csvDir, url: pathToFileURL(join(csvDir, "sub", "rows.csv")).href };
}

/** Reads `url` 3,000 times, 50 at once, counting reads of the inside file, refusals and escapes. */
async function raceReads(url: string, csvDir: string, fileCheck: OpenedFileCheck) {
  const options = {
    csvDir,
    maxBytes: MAX_CSV_BYTES,
    addressPolicy: { refusePrivate: false, allowedHosts: new Set<string>() },
    fileCheck,
  };
  const outcomes = { inside: 0, refused: 0, escaped: 0, subfolder: 0 };
  for (let batch = 0; batch < 60; batch++) {
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        try {
          const text = Buffer.concat(await readCsvSource(url, options)).toString("utf8");
          outcomes[text.includes("STOLEN") ? "escaped" : "inside"]++;
        } catch (error) {
          expect((error as Error).message).toMatch(/--csv-dir/);
          outcomes.refused++;
          if (
            /in a subfolder of --csv-dir: on this platform only files directly inside/.test(
              (error as Error).message,
            )
          )
            outcomes.subfolder++;
        }
      }),
    );
  }
  return outcomes;
}

test(`a folder flipped to a symlink out of --csv-dir while 3,000 reads race it: 0 escapes (${PLATFORM_FILE_CHECK})`, async () => {
  const { csvDir, url } = await racedFolder();
  const outcomes = await raceReads(url, csvDir, PLATFORM_FILE_CHECK);
  expect(outcomes.escaped).toBe(0);
  // The race was on: some reads met the real folder, some the swap.
  expect(outcomes.inside).toBeGreaterThan(0);
  expect(outcomes.refused).toBeGreaterThan(0);
}, 60_000);

test("where the platform cannot name an opened file, a subfolder is refused and a top-level file swapped for a symlink never escapes", async () => {
  const { csvDir, url } = await racedFolder();
  const nested = await raceReads(url, csvDir, "top-level");
  expect(nested).toMatchObject({ inside: 0, refused: 3_000, escaped: 0 });
  expect(nested.subfolder).toBeGreaterThan(0);
  // The last component swapped between a file and a symlink out: O_NOFOLLOW refuses the symlink at the open.
  const flipper = spawn(process.execPath, ["-e", FILE_FLIPPER, csvDir], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(flipper);
  await new Promise((resolve) => flipper.stdout?.once("data", resolve));
  const top = await raceReads(pathToFileURL(join(csvDir, "top.csv")).href, csvDir, "top-level");
  expect(top.escaped).toBe(0);
  expect(top.inside).toBeGreaterThan(0);
  expect(top.refused).toBeGreaterThan(0);
}, 60_000);

test("bulk runs reading a raced folder never output a file from outside --csv-dir", async () => {
  const { csvDir, url } = await racedFolder();
  const server = await createDevServer({ csvDir, webhookRetryDelays: [] });
  try {
    const leap = new Workflows({ apiKey: "leap_dev_key", baseUrl: server.url, maxRetries: 0 });
    const created = [];
    for (let index = 0; index < 100; index++) {
      created.push(await leap.bulkRuns.create({ workflow_id: "wkf_echo", input_csv_url: url }));
    }
    const done = await Promise.all(
      created.map((bulk) => leap.bulkRuns.wait(bulk.id, { initialInterval: 20 })),
    );
    const outputs = server.listRuns().map((run) => JSON.stringify(run.output));
    expect(outputs.filter((output) => output.includes("STOLEN"))).toEqual([]);
    expect(done.filter((bulk) => bulk.status === "completed").length).toBeGreaterThan(0);
  } finally {
    await server.close();
  }
}, 60_000);
