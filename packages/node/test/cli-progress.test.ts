import { createDevServer, type DevServer } from "@leap-workflows/dev-server";
import { afterAll, beforeAll, expect, test } from "vitest";
import { runCliInProcess } from "./run-cli-in-process";

// In-process, because a spawned CLI's stderr is a pipe, never a terminal: this checks the TTY-only spinner.
let server: DevServer;
beforeAll(async () => {
  server = await createDevServer();
});
afterAll(() => server.close());

const runWithStderr = (isTTY: boolean) =>
  runCliInProcess(["run", "wkf_sleep", "--input", "ms=300", "--wait"], {
    baseUrl: server.url,
    stderrIsTTY: isTTY,
  });

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
