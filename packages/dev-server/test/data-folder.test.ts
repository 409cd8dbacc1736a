import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Workflows } from "@leap-workflows/core";
import { afterEach, expect, test } from "vitest";
import { createDevServer, DataFolderInUseError, DataFolderLayoutError } from "../src/index";
import { openDatabase } from "../src/store/open-database";
import { DATA_LAYOUT } from "../src/store/schema";
import { DATABASE_FILE } from "../src/store/store";
import { exited, startCli } from "./cli-process";

const children: ChildProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

/** Runs the CLI until it exits (a refused start), with what it printed. */
async function refusedCli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [cli, "--port", "0", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await exited(child);
  return { code, stderr };
}

const newFolder = (name: string) => join(mkdtempSync(join(tmpdir(), `leap-${name}-`)), "data");

test("a second server on a data folder in use refuses to start and names the process; after SIGKILL of the first, it starts", async () => {
  const data = newFolder("lock");
  const args = ["--data", data, "--quiet"];
  const first = await startCli(args, children);
  const leap = new Workflows({ apiKey: "leap_dev_key", baseUrl: first.url });
  const run = await leap.run({ workflow_id: "wkf_echo", inputs: { kept: true } });

  const refused = await refusedCli(args);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain(
    `the data folder ${data} is in use by another dev server (process ${first.child.pid})`,
  );
  expect(refused.stderr).toContain("another data folder (--data");
  // The refused server touched nothing: the first one still answers, with its run.
  expect((await leap.runs.retrieve(run.id)).id).toBe(run.id);

  const killed = exited(first.child);
  first.child.kill("SIGKILL");
  await killed;
  // The kernel dropped the dead server's lock: the folder opens again, with its data.
  const second = await startCli(args, children);
  const again = new Workflows({ apiKey: "leap_dev_key", baseUrl: second.url });
  expect(await again.runs.retrieve(run.id)).toMatchObject({ id: run.id, input: { kept: true } });
}, 60_000);

test("in one process too, a data folder serves one server at a time, and is free again after close()", async () => {
  const data = newFolder("lock-library");
  const first = await createDevServer({ data });
  const refusal = await createDevServer({ data }).catch((error: unknown) => error);
  expect(DataFolderInUseError.isInstance(refusal)).toBe(true);
  expect(refusal).toMatchObject({ folder: data, pid: process.pid });
  expect((refusal as Error).message).toContain(`(process ${process.pid}, this one)`);
  await first.close();
  const second = await createDevServer({ data });
  await second.close();
  // ":memory:" holds no folder: any number of servers at once.
  const memory = await Promise.all([createDevServer(), createDevServer()]);
  await Promise.all(memory.map((server) => server.close()));
});

test("a data folder of an older layout is refused with how to start afresh, and left as it was", async () => {
  const data = newFolder("layout-old");
  await (await createDevServer({ data })).close();
  // What a dev server from before numbered layouts left: tables, and user_version 0.
  const db = openDatabase(join(data, DATABASE_FILE));
  db.exec("PRAGMA user_version = 0");
  db.close();

  const refusal = await createDevServer({ data }).catch((error: unknown) => error);
  expect(DataFolderLayoutError.isInstance(refusal)).toBe(true);
  expect(refusal).toMatchObject({ folder: data, found: 1, expected: DATA_LAYOUT });
  expect((refusal as Error).message).toBe(
    `the data folder ${data} was written by an older dev server (data layout 1; this one reads layout ${DATA_LAYOUT}): ` +
      "delete the folder to start afresh (its runs, bulk runs and deliveries are lost), or give this server another data folder (--data, or the `data` option)",
  );
  const after = openDatabase(join(data, DATABASE_FILE));
  expect(after.prepare("PRAGMA user_version").get()).toEqual({ user_version: 0 });
  after.close();
  // The refusal let the folder go (a held one would be refused as in use), and deleting it starts afresh.
  rmSync(data, { recursive: true });
  const fresh = await createDevServer({ data });
  expect(fresh.listRuns()).toEqual([]);
  await fresh.close();
});

test("a data folder of a newer layout is refused, from the CLI too, naming both layouts", async () => {
  const data = newFolder("layout-new");
  await (await createDevServer({ data })).close();
  const db = openDatabase(join(data, DATABASE_FILE));
  db.exec(`PRAGMA user_version = ${DATA_LAYOUT + 1}`);
  db.close();

  const refusal = await createDevServer({ data }).catch((error: unknown) => error);
  expect(DataFolderLayoutError.isInstance(refusal)).toBe(true);
  expect(refusal).toMatchObject({ found: DATA_LAYOUT + 1, expected: DATA_LAYOUT });
  const refused = await refusedCli(["--data", data]);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain(
    `the data folder ${data} was written by a newer dev server (data layout ${DATA_LAYOUT + 1}; this one reads layout ${DATA_LAYOUT}): ` +
      "use the version of @leap-workflows/dev-server that wrote it, or delete the folder to start afresh",
  );
});
