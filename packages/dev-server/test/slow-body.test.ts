import type { ChildProcess } from "node:child_process";
import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { createDevServer, type DevServerLogEvent } from "../src/index";
import { startCli } from "./cli-process";
import { eventually } from "./helpers";

const children: ChildProcess[] = [];
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A raw connection that sends a POST's headers and the first bytes of a 10,000-byte body, then one more
 * byte every 100 ms (slow enough to take 15 minutes, fast enough that no idle timeout closes it).
 */
function stalledPost(url: string, headers: Record<string, string> = {}) {
  const { hostname, port } = new URL(url);
  const socket: Socket = connect(Number(port), hostname);
  cleanups.push(() => void socket.destroy());
  let received = "";
  socket.on("data", (chunk: Buffer) => {
    received += chunk.toString();
  });
  socket.on("error", () => {});
  const drip = setInterval(() => socket.write(" "), 100);
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  socket.once("close", () => clearInterval(drip));
  cleanups.push(() => clearInterval(drip));
  const lines = Object.entries({ "x-api-key": "leap_dev_key", ...headers }).map(
    ([name, value]) => `${name}: ${value}\r\n`,
  );
  socket.write(
    `POST /v1/runs HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 10000\r\n${lines.join("")}\r\n{"workflow_id":`,
  );
  return { socket, closed, received: () => received };
}

describe("slow request bodies", () => {
  test("a body that never finishes gets 408 after requestBodyTimeoutMs, and its connection is closed", async () => {
    const server = await createDevServer({ requestBodyTimeoutMs: 200 });
    cleanups.push(() => server.close());
    const post = stalledPost(server.url);
    await post.closed;
    expect(post.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(post.received()).toMatch(/connection: close/i);
    expect(JSON.parse(post.received().slice(post.received().indexOf("\r\n\r\n") + 4))).toEqual({
      error: { type: "request_timeout", message: "The request body did not arrive within 200 ms" },
    });
    expect(server.listRuns()).toEqual([]);
  });

  test("a body left unread (401 answered first) cannot hold the connection past the deadline either", async () => {
    const server = await createDevServer({ requestBodyTimeoutMs: 200 });
    cleanups.push(() => server.close());
    const post = stalledPost(server.url, { "x-api-key": "not_a_key" });
    await post.closed;
    expect(post.received()).toMatch(/^HTTP\/1\.1 401 /);
  });

  test("requestBodyTimeoutMs outside 1 ms to 2^31-1 ms fails the start, naming the option and the limit", async () => {
    for (const value of [0, -1, Number.NaN, 2 ** 31, Number.POSITIVE_INFINITY]) {
      await expect(createDevServer({ requestBodyTimeoutMs: value })).rejects.toThrow(
        /requestBodyTimeoutMs \(--body-timeout\) must be a number of milliseconds from 1 to 2147483647/,
      );
    }
  });
});

test("the CLI's --body-timeout, --max-csv-memory and --allow-csv-host are checked at start", async () => {
  for (const [flag, message] of [
    ["--body-timeout=0", /requestBodyTimeoutMs \(--body-timeout\)/],
    ["--max-csv-memory=1000", /maxCsvMemoryBytes \(--max-csv-memory\)/],
    ["--allow-csv-host=http://csv.example", /allowCsvHosts \(--allow-csv-host\)/],
  ] as const) {
    const failed = await startCli(["--data", ":memory:", flag], children).catch((error: Error) => error);
    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error).message).toMatch(/exited with 1/);
    expect((failed as Error).message).toMatch(message);
  }
});

describe("a client that hangs up mid-body", () => {
  test("is one log event (aborted, body incomplete), not an error", async () => {
    const events: DevServerLogEvent[] = [];
    const server = await createDevServer({ logger: (event) => events.push(event) });
    cleanups.push(() => server.close());
    const post = stalledPost(server.url);
    // The headers are in once the server has them: wait for the body deadline's clock to be running.
    await new Promise((resolve) => setTimeout(resolve, 100));
    post.socket.destroy();
    const aborted = await eventually(() => events.find((event) => event.kind === "aborted"));
    expect(aborted).toMatchObject({ kind: "aborted", method: "POST", path: "/v1/runs", bodyComplete: false });
    expect(events.filter((event) => event.kind !== "aborted")).toEqual([]);
  });

  test("the CLI prints it as one line without a stack trace, and --quiet prints nothing", async () => {
    const loud = await startCli(["--data", ":memory:"], children);
    const quiet = await startCli(["--data", ":memory:", "--quiet"], children);
    for (const cli of [loud, quiet]) {
      const post = stalledPost(cli.url);
      await new Promise((resolve) => setTimeout(resolve, 100));
      post.socket.destroy();
    }
    const line = await eventually(() => /^.*client hung up mid-body.*$/m.exec(loud.stdout())?.[0]);
    expect(line).toMatch(/POST \/v1\/runs client hung up mid-body/);
    // A later request's line shows the quiet server is past the hang-up too.
    await fetch(`${quiet.url}/`);
    await fetch(`${loud.url}/`);
    await eventually(() => /GET {2}\/ 200/.test(loud.stdout()) || undefined);
    expect(loud.stdout().match(/client hung up/g)).toHaveLength(1);
    expect(loud.stderr()).toBe("");
    expect(quiet.stdout().split("\n").filter(Boolean)).toHaveLength(1);
    expect(quiet.stderr()).toBe("");
  });
});
