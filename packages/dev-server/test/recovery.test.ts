import type { ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Workflows } from "@leap-workflows/core";
import { afterEach, expect, test } from "vitest";
import { openDatabase } from "../src/store/open-database";
import { exited, startCli } from "./cli-process";
import { eventually } from "./helpers";

const children: ChildProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

test("after SIGKILL, queued runs resume and complete; only the run that was running fails as interrupted", async () => {
  const data = mkdtempSync(join(tmpdir(), "leap-resume-"));
  const args = ["--data", data, "--concurrency", "1", "--quiet"];
  const first = await startCli(args, children);
  const leap = new Workflows({ apiKey: "leap_dev_key", baseUrl: first.url });
  const sleeping = await leap.run({ workflow_id: "wkf_sleep", inputs: { ms: 60_000 } });
  expect(sleeping.status).toBe("running");
  const queued = [];
  for (let index = 0; index < 3; index++)
    queued.push(await leap.run({ workflow_id: "wkf_echo", inputs: { index } }));
  expect(queued.map((run) => run.status)).toEqual(["queued", "queued", "queued"]);

  const killed = exited(first.child);
  first.child.kill("SIGKILL");
  await killed;

  const second = await startCli(args, children);
  const again = new Workflows({ apiKey: "leap_dev_key", baseUrl: second.url });
  for (const [index, run] of queued.entries()) {
    const done = await again.runs.wait(run.id, { initialInterval: 20 });
    expect(done).toMatchObject({ status: "completed", output: { index }, created_at: run.created_at });
  }
  const interrupted = await again.runs.retrieve(sleeping.id);
  expect(interrupted.status).toBe("failed");
  expect(interrupted.error).toMatch(/interrupted/);
});

test("SIGTERM during a bulk run of 20,000 rows exits 0 mid-run; the next start finishes every row", async () => {
  const ROWS = 20_000;
  const dir = mkdtempSync(join(tmpdir(), "leap-sigterm-"));
  const data = join(dir, "data");
  const workflows = join(dir, "workflows.mjs");
  // Synchronous work per row, so the bulk run takes a while on any machine and never yields on its own.
  writeFileSync(
    workflows,
    "export default { wkf_busy: ({ n }) => { const end = performance.now() + 0.1; while (performance.now() < end); return { n }; } };\n",
  );
  const csv = `n\n${Array.from({ length: ROWS }, (_, index) => index).join("\n")}\n`;
  const files = createServer((_, response) => response.end(csv));
  await new Promise<void>((resolve) => files.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise((resolve) => files.close(() => resolve())));
  const csvUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}/rows.csv`;
  const args = ["--data", data, "--workflows", workflows, "--quiet", "--max-bulk-rows", String(ROWS)];

  const first = await startCli(args, children);
  const leap = new Workflows({ apiKey: "leap_dev_key", baseUrl: first.url });
  const bulk = await leap.bulkRuns.create({ workflow_id: "wkf_busy", input_csv_url: csvUrl });
  await eventually(
    // row_count is written with the last stored row (0 until then, as the published schema wants a number).
    async () => (await leap.bulkRuns.retrieve(bulk.id)).row_count === ROWS || undefined,
    60_000,
  );
  const single = await leap.run({ workflow_id: "wkf_echo", inputs: { acknowledged: true } });

  const code = exited(first.child);
  first.child.kill("SIGTERM");
  expect(await code).toBe(0);

  // What the stopped server left: every row stored, nothing left `running`, and rows still queued
  // (it stopped in the middle of the bulk run instead of running it to the end first).
  // Through the store's own driver choice, so this reads on Node 26 (node:sqlite) as on Node 20.
  const db = openDatabase(join(data, "leap-dev.sqlite"));
  const counts = Object.fromEntries(
    (
      db
        .prepare("SELECT status, count(*) AS count FROM runs WHERE bulk_run_id = ? GROUP BY status")
        .all(bulk.id) as { status: string; count: number }[]
    ).map((row) => [row.status, row.count]),
  );
  const singleRow = db.prepare("SELECT id FROM runs WHERE id = ?").get(single.id);
  db.close();
  expect(Object.values(counts).reduce((sum, count) => sum + count, 0)).toBe(ROWS);
  expect(counts.running).toBeUndefined();
  expect(counts.queued).toBeGreaterThan(0);
  expect(singleRow).toEqual({ id: single.id });

  const second = await startCli(args, children);
  const again = new Workflows({ apiKey: "leap_dev_key", baseUrl: second.url });
  const finished = await eventually(async () => {
    const current = await again.bulkRuns.retrieve(bulk.id);
    return current.status === "completed" ? current : undefined;
  }, 120_000);
  const lines = (await (await fetch(finished.output_csv_url ?? "")).text()).trimEnd().split("\n").slice(1);
  expect(lines).toHaveLength(ROWS);
  // Rows running at the SIGTERM failed as shut down; every other row completed.
  const failed = lines.filter((line) => !line.includes(",completed,"));
  expect(failed.every((line) => line.includes("shut down"))).toBe(true);
  expect(failed.length).toBeLessThanOrEqual(8);
  expect((await again.runs.retrieve(single.id)).status).toBe("completed");
}, 240_000);

test("SIGKILL mid-bulk, while reading its CSV and while running its rows: the next start completes every row once, in order", async () => {
  const ROWS = 1_000;
  const dir = mkdtempSync(join(tmpdir(), "leap-kill-bulk-"));
  const data = join(dir, "data");
  const workflows = join(dir, "workflows.mjs");
  writeFileSync(
    workflows,
    "export default { wkf_busy: ({ n }) => { const end = performance.now() + 1; while (performance.now() < end); return { n }; } };\n",
  );
  const csv = `n\n${Array.from({ length: ROWS }, (_, index) => index).join("\n")}\n`;
  // The first bulk run's CSV hangs half-sent until the server is killed; every later request gets it whole.
  let hang = true;
  const files = createServer((request, response) => {
    if (hang && request.url === "/hanging.csv") {
      response.writeHead(200, { "content-length": String(csv.length) });
      response.write(csv.slice(0, csv.length / 2));
      return;
    }
    response.end(csv);
  });
  await new Promise<void>((resolve) => files.listen(0, "127.0.0.1", resolve));
  cleanups.push(async () => {
    files.closeAllConnections();
    await new Promise((resolve) => files.close(() => resolve(undefined)));
  });
  const base = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  const webhooks: string[] = [];
  const receiver = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on("end", () => {
      webhooks.push(body);
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise((resolve) => receiver.close(() => resolve())));
  const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const args = ["--data", data, "--workflows", workflows, "--quiet", "--concurrency", "2"];

  const first = await startCli(args, children);
  const leap = new Workflows({ apiKey: "leap_dev_key", baseUrl: first.url });
  const reading = await leap.bulkRuns.create({
    workflow_id: "wkf_busy",
    input_csv_url: `${base}/hanging.csv`,
  });
  const running = await leap.bulkRuns.create({
    workflow_id: "wkf_busy",
    input_csv_url: `${base}/rows.csv`,
    webhook_url: webhookUrl,
  });
  // Killed once some of the second bulk run's rows have finished, and not all.
  await eventually(() => {
    const db = openDatabase(join(data, "leap-dev.sqlite"));
    const done = db
      .prepare("SELECT count(*) AS count FROM runs WHERE bulk_run_id = ? AND status = 'completed'")
      .get(running.id) as { count: number };
    db.close();
    return done.count > 100 || undefined;
  }, 60_000);
  const killed = exited(first.child);
  first.child.kill("SIGKILL");
  await killed;
  hang = false;

  const second = await startCli(args, children);
  const again = new Workflows({ apiKey: "leap_dev_key", baseUrl: second.url });
  for (const bulk of [reading, running]) {
    const done = await eventually(async () => {
      const current = await again.bulkRuns.retrieve(bulk.id);
      return current.status === "completed" ? current : undefined;
    }, 120_000);
    expect(done.row_count).toBe(ROWS);
    const lines = (await (await fetch(done.output_csv_url ?? "")).text()).trimEnd().split("\n");
    expect(lines[0]).toBe("run_id,status,output,error");
    // Every row once, in the CSV's order: completed with its own input, or failed as interrupted by the kill.
    expect(lines).toHaveLength(ROWS + 1);
    const interrupted = lines.slice(1).filter((line, index) => {
      if (line.includes(",completed,")) {
        expect(line).toContain(`{""n"":""${index}""}`);
        return false;
      }
      expect(line).toContain("interrupted");
      return true;
    });
    expect(interrupted.length).toBeLessThanOrEqual(2);
  }
  // The bulk run's webhook, sent once it completed, carries the completed bulk run.
  const delivered = await eventually(() => webhooks.find((body) => body.includes(running.id)));
  expect(JSON.parse(delivered)).toMatchObject({ id: running.id, status: "completed", row_count: ROWS });
}, 240_000);
