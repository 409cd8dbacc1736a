import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { startProgress } from "../src/cli/progress";
import { generateWebhookSecret } from "../src/index";
import { createWebhookHeaders } from "../src/testing";
import { runCliInProcess } from "./run-cli-in-process";

// A hostile API (or a crafted saved webhook) answers with terminal escape sequences: a window title (OSC 0),
// a hyperlink (OSC 8), erased lines, a C1 CSI, a bidi override, a bare CR. None may reach the terminal raw.
const ESC = "\u001b";
const evilRun = {
  id: `rnp_${ESC}]0;pwned\u0007`,
  version_id: "vsp_1",
  status: `${ESC}[2Kcompleted`,
  created_at: "2026-11-28T12:00:00.000Z",
  started_at: null,
  ended_at: null,
  workflow_id: "wkf_\u009b31m",
  error: `boom\r\n${ESC}[1A${ESC}[2Kall good\u007f`,
  input: {},
  output: { note: `${ESC}[31mred\u202egnp.exe\u0085` },
};
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding raw control characters is the point.
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/;

let server: Server;
let baseUrl: string;
let folder: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    response.setHeader("content-type", "application/json");
    if (request.url === "/v1/runs/rnp_evil") {
      response.end(JSON.stringify(evilRun));
      return;
    }
    response.statusCode = 404;
    response.end(
      JSON.stringify({
        error: {
          type: "not_found",
          message: `no such run ${ESC}]8;;https://evil.example${ESC}\\click here${ESC}]8;;${ESC}\\ ${ESC}[2J`,
        },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  folder = await mkdtemp(join(tmpdir(), "leap-cli-escape-"));
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await rm(folder, { recursive: true, force: true });
});

function expectNoRawControl(text: string): void {
  // Line feeds the CLI writes itself are fine; anything else raw (ESC, BEL, CR, C1, DEL, bidi) is not.
  const found = RAW_CONTROL.exec(text);
  expect(
    found,
    `raw U+${found?.[0].charCodeAt(0).toString(16).padStart(4, "0")} in ${JSON.stringify(text)}`,
  ).toBeNull();
}

describe("the CLI escapes what servers and files say", () => {
  test("escape sequences in a run's id, status, workflow, error and output do not reach the terminal", async () => {
    const result = await runCliInProcess(["get", "rnp_evil"], { baseUrl });
    expect(result.code).toBe(0);
    expectNoRawControl(result.stdout);
    expectNoRawControl(result.stderr);
    expect(result.stdout).toContain("rnp_\\x1b]0;pwned\\x07");
    expect(result.stdout).toContain("\\x1b[2Kcompleted");
    expect(result.stdout).toContain("boom\\r\\n\\x1b[1A");
    expect(result.stdout).toContain("wkf_\\x9b31m");
  });

  test("with --json the escapes are JSON escapes and the values survive unchanged", async () => {
    const result = await runCliInProcess(["get", "rnp_evil", "--json"], { baseUrl });
    expect(result.code).toBe(0);
    expectNoRawControl(result.stdout);
    expect(JSON.parse(result.stdout)).toEqual(evilRun);
  });

  test("an API error message with a hyperlink and a screen clear is printed escaped, as text and as JSON", async () => {
    const text = await runCliInProcess(["get", "rnp_other"], { baseUrl });
    expect(text.code).toBe(3);
    expectNoRawControl(text.stderr);
    expect(text.stderr).toContain("no such run \\x1b]8;;https://evil.example");
    const json = await runCliInProcess(["get", "rnp_other", "--json"], { baseUrl });
    expectNoRawControl(json.stdout);
    expectNoRawControl(json.stderr);
    expect(JSON.parse(json.stdout).error.message).toContain(`${ESC}]8;;https://evil.example`);
  });

  test("a saved webhook from a file is printed escaped after verification", async () => {
    const secret = generateWebhookSecret();
    const body = JSON.stringify(evilRun);
    const headers = await createWebhookHeaders({ secret, body });
    const file = join(folder, "hook.json");
    await writeFile(file, JSON.stringify({ headers, body }));
    const result = await runCliInProcess(["verify", "--file", file], {
      baseUrl,
      env: { LEAP_WEBHOOK_SECRET: secret },
    });
    expect(result.code, result.stderr).toBe(0);
    expectNoRawControl(result.stdout);
    expectNoRawControl(result.stderr);
    expect(result.stdout).toContain("\\x1b[2Kcompleted");
  });

  test("the spinner on a terminal shows a hostile id and status escaped", () => {
    vi.useFakeTimers();
    try {
      const stderr = Object.assign(new PassThrough(), { isTTY: true });
      let written = "";
      stderr.on("data", (chunk) => {
        written += chunk;
      });
      const progress = startProgress(
        { env: {}, stdin: new PassThrough(), stdout: new PassThrough(), stderr },
        evilRun.id,
      );
      progress.update(evilRun.status);
      vi.advanceTimersByTime(250);
      progress.stop();
      // The spinner's own "return and erase the line" is the only escape it may write.
      const foreign = written.replaceAll("\r\u001b[2K", "");
      expectNoRawControl(foreign);
      expect(foreign).toContain("\\x1b[2Kcompleted");
    } finally {
      vi.useRealTimers();
    }
  });
});
