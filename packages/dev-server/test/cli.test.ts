import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { AuthenticationError, Workflows } from "@leap-workflows/core";
import { afterEach, expect, test } from "vitest";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

/** Runs the built bin; resolves with its first stdout line (the start line) or its exit code and output. */
function run(args: string[]): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split("\n")[0];
      if (output.includes("\n") && line !== undefined) resolve({ child, line });
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) => reject(Object.assign(new Error(output), { code })));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });

test("one start line with URL, secret and workflows; --workflows, repeated --api-key; SIGINT exits 0", async () => {
  const dir = mkdtempSync(join(tmpdir(), "leap-cli-"));
  const file = join(dir, "workflows.mjs");
  writeFileSync(
    file,
    "export default { wkf_shout: async ({ text }) => ({ text: String(text).toUpperCase() }) };\n",
  );
  const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const { child, line } = await run([
    "--port=0",
    "--data=:memory:",
    `--workflows=${file}`,
    "--api-key=one",
    "--api-key=two",
    `--webhook-secret=${secret}`,
  ]);
  const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1] ?? "";
  expect(url).not.toBe("");
  expect(line).toContain(secret);
  expect(line).toMatch(/wkf_echo, wkf_sleep, wkf_fail, wkf_shout/);

  const leap = new Workflows({ apiKey: "two", baseUrl: url });
  const done = await leap.runAndWait(
    { workflow_id: "wkf_shout", inputs: { text: "hi" } },
    { initialInterval: 10 },
  );
  expect(done.output).toEqual({ text: "HI" });
  const stranger = new Workflows({ apiKey: "leap_dev_key", baseUrl: url, maxRetries: 0 });
  expect(AuthenticationError.isInstance(await stranger.runs.retrieve(done.id).catch((e: unknown) => e))).toBe(
    true,
  );

  const code = exited(child);
  child.kill("SIGINT");
  expect(await code).toBe(0);
});

test("bad flags exit 2 naming the flag; a bad secret exits 1 without echoing it", async () => {
  const bad = await run(["--port", "nope"]).catch((error: Error & { code: number }) => error);
  expect(bad).toMatchObject({ code: 2, message: expect.stringMatching(/--port must be a number/) });
  const secret = "whsec_short";
  const leaked = await run(["--port=0", "--data=:memory:", `--webhook-secret=${secret}`]).catch(
    (error: Error & { code: number }) => error,
  );
  expect(leaked).toMatchObject({ code: 1, message: expect.stringMatching(/webhook secret/) });
  expect((leaked as Error).message).not.toContain(secret);
});

test("--allowed-host is repeatable; --max-bulk-rows must be a whole number", async () => {
  const bad = await run(["--port=0", "--max-bulk-rows=1.5"]).catch(
    (error: Error & { code: number }) => error,
  );
  expect(bad).toMatchObject({ code: 2, message: expect.stringMatching(/--max-bulk-rows must be a whole/) });
  const { child, line } = await run([
    "--port=0",
    "--data=:memory:",
    "--allowed-host=one.example.test",
    "--allowed-host=two.example.test",
    "--max-bulk-rows=5",
  ]);
  const url = new URL(line.match(/http:\/\/\S+/)?.[0] ?? "");
  const status = (host: string) =>
    new Promise<number>((resolve, reject) =>
      request({ host: url.hostname, port: url.port, path: "/", headers: { host } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      })
        .once("error", reject)
        .end(),
    );
  expect([
    await status("one.example.test"),
    await status("two.example.test"),
    await status("three.example.test"),
  ]).toEqual([200, 200, 403]);
  child.kill("SIGINT");
  expect(await exited(child)).toBe(0);
});
