import { type ChildProcess, spawn } from "node:child_process";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, expect, test } from "vitest";
import { eventually } from "./helpers";

const fixture = fileURLToPath(new URL("./fixtures/gc-dev-server.mjs", import.meta.url));
const TIMEOUT_MS = 1_500;
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A receiver that accepts every connection and reads every request, but never answers. */
async function hangingReceiver() {
  const requests: IncomingMessage[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((request) => {
    requests.push(request);
    request.resume();
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook?token=t0ps3cret`, requests };
}

/** Starts the dev server fixture in a child process with --expose-gc; resolves with its URL. */
async function startGcServer(): Promise<string> {
  const child: ChildProcess = spawn(process.execPath, ["--expose-gc", fixture], {
    stdio: ["ignore", "pipe", "pipe"],
    // Long enough that each attempt reaches the receiver before it is cut off, however loaded the machine.
    env: { ...process.env, WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS) },
  });
  cleanups.push(() => {
    child.kill("SIGKILL");
  });
  let output = "";
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^(http:\/\/\S+)\n/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) => reject(new Error(`the fixture exited with ${code}: ${output}`)));
  });
}

test("a receiver that accepts and never answers: every attempt times out, is recorded and retried, even under constant GC", async () => {
  const receiver = await hangingReceiver();
  const url = await startGcServer();
  const headers = { "x-api-key": "leap_dev_key", "content-type": "application/json" };
  const created = await fetch(`${url}/v1/runs`, {
    method: "POST",
    headers,
    body: JSON.stringify({ workflow_id: "wkf_echo", inputs: {}, webhook_url: receiver.url }),
  });
  const run = (await created.json()) as { id: string };
  // Four attempts (one plus three retries), each cut off by its own deadline and recorded; then given up.
  const attempts = await eventually(async () => {
    const response = await fetch(`${url}/v1/runs/${run.id}/deliveries`, { headers });
    const { data } = (await response.json()) as {
      data: { attempt: number; status_code: number | null; error: string | null; webhook_id: string }[];
    };
    return data.length === 4 ? data : undefined;
  });
  expect(attempts.map((attempt) => attempt.attempt)).toEqual([1, 2, 3, 4]);
  for (const attempt of attempts) {
    expect(attempt.status_code).toBeNull();
    expect(attempt.error).toBe(`timed out after ${TIMEOUT_MS} ms`);
  }
  expect(new Set(attempts.map((attempt) => attempt.webhook_id)).size).toBe(1);
  expect(receiver.requests).toHaveLength(4);
});
