import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, test } from "vitest";

// `pnpm playground --data <dir>` on the built playground (turbo builds it before `test`).
const main = fileURLToPath(new URL("../dist/main.js", import.meta.url));
const data = mkdtempSync(join(tmpdir(), "leap-playground-restart-"));
const started: ChildProcess[] = [];

afterAll(() => {
  for (const child of started) child.kill("SIGKILL");
  rmSync(data, { recursive: true, force: true });
});

interface Playground {
  url: string;
  /** Everything printed so far. */
  output(): string;
  /** Ctrl-C, and the exit code. */
  stop(): Promise<number | null>;
}

async function startPlayground(env: Record<string, string> = {}, ...args: string[]): Promise<Playground> {
  const child = spawn(process.execPath, [main, "--data", data, "--port", "0", ...args], {
    env: { ...process.env, NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.push(child);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  const url = await new Promise<string>((resolve, reject) => {
    const look = () => {
      const found = /playground: (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (found?.[1]) resolve(found[1]);
    };
    child.stdout?.on("data", look);
    child.once("exit", (code) => reject(new Error(`exited ${code} before listening: ${output}`)));
  });
  return {
    url,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", (code) => resolve(code));
        child.kill("SIGINT");
      }),
  };
}

async function post(url: string, body: unknown) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return (await response.json()) as { id: string; statuses?: number[] };
}

/** The events the page would receive on connecting (every event so far), once `done` accepts them. */
async function eventsUntil(url: string, done: (events: Record<string, unknown>[]) => boolean) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const controller = new AbortController();
    const response = await fetch(`${url}/api/events`, { signal: controller.signal });
    const reader = response.body?.getReader();
    let text = "";
    // The replay is written at once on connecting; a short read gets all of it.
    const timer = setTimeout(() => controller.abort(), 500);
    try {
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) break;
        text += new TextDecoder().decode(chunk.value);
      }
    } catch {}
    clearTimeout(timer);
    const events = text
      .split("\n")
      .filter((line) => line.startsWith("data: "))
      .map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>);
    if (done(events) || Date.now() > deadline) return events;
  }
}

/** The playground's output once it matches `pattern` (or after 30 s, for the assertions to say what is missing). */
async function outputUntil(playground: Playground, pattern: RegExp): Promise<string> {
  const deadline = Date.now() + 30_000;
  while (!pattern.test(playground.output()) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return playground.output();
}

const verdictsOn = (events: Record<string, unknown>[], id: string) =>
  events.filter((event) => event.type === "delivery" && event.runId === id && event.verified === true);

test("the terminal says one line per run and webhook attempt; a restart brings everything back; --quiet is quiet", async () => {
  const first = await startPlayground();
  const run = await post(`${first.url}/api/runs`, {
    workflow_id: "wkf_greet",
    inputs: { name: "Ada" },
    outage: 1,
  });
  const bulk = await post(`${first.url}/api/bulk`, { workflow_id: "wkf_greet", csv: "name,n\nAda,1\n,2\n" });
  const before = await eventsUntil(
    first.url,
    (events) => verdictsOn(events, run.id).length === 2 && verdictsOn(events, bulk.id).length === 2,
  );
  expect(verdictsOn(before, run.id)).toHaveLength(2);
  // The bulk run's last line follows its output CSV, read after its webhook: wait for it, however slow the machine.
  const lines = await outputUntil(first, new RegExp(`bulk +${bulk.id} completed`));
  expect(lines).toMatch(new RegExp(`\\d\\d:\\d\\d:\\d\\d run +${run.id} wkf_greet created\\n`));
  expect(lines).toMatch(new RegExp(`run +${run.id} completed in \\d+ m?s\\n`));
  expect(lines).toMatch(
    new RegExp(`webhook ${run.id} attempt 1 answered 503 \\(receivers down, simulated\\), retrying\\n`),
  );
  expect(lines).toMatch(new RegExp(`webhook ${run.id} attempt 2 answered 200\\n`));
  expect(lines).toMatch(new RegExp(`bulk +${bulk.id} wkf_greet created\\n`));
  expect(lines).toMatch(/run +rnp_\w+ failed in \d+ m?s: Invalid inputs of wkf_greet/);
  expect(lines).toMatch(new RegExp(`bulk +${bulk.id} completed · 1 of 2 rows failed\\n`));
  expect(await first.stop()).toBe(0);

  // Same data folder, quiet this time: the same story comes back, and nothing is printed while it is used.
  const second = await startPlayground({}, "--quiet");
  const after = await eventsUntil(second.url, (events) => verdictsOn(events, bulk.id).length === 2);
  const attempts = after.filter((event) => event.type === "attempt" && event.subjectId === run.id);
  expect(attempts.map((event) => [event.attempt, event.answer, event.outage])).toEqual([
    [1, 503, true],
    [2, 200, false],
  ]);
  expect(verdictsOn(after, run.id)).toEqual(verdictsOn(before, run.id));
  const restoredBulk = after.find(
    (event) => event.type === "bulk" && (event.bulk as { id: string }).id === bulk.id,
  );
  expect(restoredBulk?.rows).toEqual({ completed: 1, failed: 1, total: 2 });
  const tampered = await post(`${second.url}/api/tamper`, { runId: run.id, kind: "changed-body" });
  // Both receivers refuse the changed copy of a delivery made before the restart.
  expect(tampered.statuses).toEqual([401, 401]);
  expect(second.output()).not.toMatch(/ (run|bulk|webhook) +(rnp|bulk)_/);
  expect(await second.stop()).toBe(0);

  // PLAYGROUND_QUIET=1 does the same as --quiet.
  const third = await startPlayground({ PLAYGROUND_QUIET: "1" });
  const echoed = await post(`${third.url}/api/runs`, { workflow_id: "wkf_echo", inputs: {} });
  await eventsUntil(third.url, (events) =>
    events.some((event) => event.type === "attempt" && event.subjectId === echoed.id),
  );
  expect(third.output()).not.toMatch(/ (run|bulk|webhook) +(rnp|bulk)_/);
  expect(await third.stop()).toBe(0);
});
