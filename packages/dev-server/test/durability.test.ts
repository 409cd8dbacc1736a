import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Workflows } from "@leap-workflows/core";
import { afterEach, expect, test } from "vitest";
import { eventually, startReceiver } from "./helpers";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

/** Starts the built CLI and resolves with its URL once it printed its start line. */
async function startCli(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [cli, "--port", "0", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) => reject(new Error(`the dev server exited with ${code}: ${output}`)));
  });
  return { child, url };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

test("after SIGKILL nothing acknowledged is lost: runs stay, interrupted runs fail, pending deliveries resume with their id", async () => {
  const data = mkdtempSync(join(tmpdir(), "leap-durable-"));
  let accept = false;
  let crash = () => {};
  // The dev server is killed while its second attempt of the echo run's delivery is in flight: the crash
  // always lands at the same point, however slow the machine, and no attempt can slip in before it.
  const receiver = await startReceiver((_, index) => {
    if (index === 1) crash();
    return accept ? 200 : 500;
  });
  try {
    const args = [
      "--data",
      data,
      "--webhook-secret",
      "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      "--webhook-retry-delays",
      "0.05,1.5",
    ];
    const first = await startCli(args);
    const killed = exited(first.child);
    crash = () => {
      first.child.kill("SIGKILL");
      accept = true;
    };
    const leap = new Workflows({ apiKey: "leap_dev_key", baseUrl: first.url });
    const done = await leap.runAndWait(
      { workflow_id: "wkf_echo", inputs: { keep: true }, webhook_url: receiver.url },
      { initialInterval: 10 },
    );
    const sleeping = await leap.run({
      workflow_id: "wkf_sleep",
      inputs: { ms: 60_000 },
      webhook_url: receiver.url,
    });
    // One failed attempt of the echo run's delivery, then the crash during the second.
    await killed;
    expect(receiver.received).toHaveLength(2);
    const firstId = receiver.received[0]?.headers["webhook-id"];

    const second = await startCli(args);
    const again = new Workflows({ apiKey: "leap_dev_key", baseUrl: second.url });
    expect(await again.runs.retrieve(done.id)).toEqual(done);
    const interrupted = await again.runs.retrieve(sleeping.id);
    expect(interrupted.status).toBe("failed");
    expect(interrupted.error).toMatch(/interrupted/);
    expect(interrupted.ended_at).not.toBeNull();

    const delivered = await eventually(() => {
      const ok = receiver.received.slice(2);
      return ok.length >= 2 ? ok : undefined;
    });
    const bodies = delivered.map((entry) => JSON.parse(entry.body) as { id: string });
    expect(bodies.map((body) => body.id).sort()).toEqual([done.id, sleeping.id].sort());
    const echoDelivery = delivered.find((entry) => (JSON.parse(entry.body) as { id: string }).id === done.id);
    expect(echoDelivery?.headers["webhook-id"]).toBe(firstId);
  } finally {
    await receiver.close();
  }
});

test("SIGTERM shuts down gracefully with exit code 0", async () => {
  const { child, url } = await startCli(["--data", ":memory:"]);
  const leap = new Workflows({ apiKey: "leap_dev_key", baseUrl: url });
  await leap.run({ workflow_id: "wkf_sleep", inputs: { ms: 60_000 } });
  const code = exited(child);
  child.kill("SIGTERM");
  expect(await code).toBe(0);
});
