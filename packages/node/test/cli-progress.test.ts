import { PassThrough, Readable } from "node:stream";
import { createDevServer, type DevServer } from "@leap-workflows/dev-server";
import { afterAll, beforeAll, expect, test } from "vitest";
import { runCli } from "../src/cli/main";

// In-process, because a spawned CLI's stderr is a pipe, never a terminal: this checks the TTY-only spinner.
let server: DevServer;
beforeAll(async () => {
  server = await createDevServer();
});
afterAll(() => server.close());

async function runWithStderr(isTTY: boolean): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), { isTTY });
  let out = "";
  let err = "";
  stdout.on("data", (chunk) => {
    out += chunk;
  });
  stderr.on("data", (chunk) => {
    err += chunk;
  });
  const code = await runCli(["run", "wkf_sleep", "--input", "ms=300", "--wait"], {
    env: { LEAP_API_KEY: "leap_dev_key", LEAP_BASE_URL: server.url },
    stdin: Readable.from([]),
    stdout,
    stderr,
  });
  return { code, stdout: out, stderr: err };
}

test("a terminal gets a spinner with the run's status on stderr, cleared at the end; stdout is only the result", async () => {
  const result = await runWithStderr(true);
  expect(result.code).toBe(0);
  expect(result.stderr).toMatch(/rnp_\S+ (queued|running|waiting) \d+s/);
  expect(result.stderr.endsWith("\r\x1b[2K")).toBe(true);
  expect(result.stdout).toMatch(/^rnp_\S+ {2}wkf_sleep {2}completed\noutput: /);
});

test("a pipe gets no spinner", async () => {
  const result = await runWithStderr(false);
  expect(result.code).toBe(0);
  expect(result.stderr).toBe("");
});
