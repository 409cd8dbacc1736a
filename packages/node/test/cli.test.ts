import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createDevServer, type DevServer } from "@leap-workflows/dev-server";
import { fakeBulkRun, fakeRun, withoutLinkSignature } from "@leap-workflows/test-kit/fixture-server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Workflows } from "../src/index";
import { createWebhookHeaders } from "../src/testing";
import { type CliResult, runCliInProcess } from "./run-cli-in-process";

// The built bin, as users run it (turbo builds before tests; run `pnpm --filter @leap-workflows/node build` by hand).
const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

let server: DevServer;
let folder: string;
beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build @leap-workflows/node first`);
  folder = await mkdtemp(join(tmpdir(), "leap-cli-"));
  // Bulk runs read file: CSVs only inside the folder the dev server was started with.
  server = await createDevServer({ csvDir: folder });
});
afterAll(async () => {
  await server?.close();
  await rm(folder, { recursive: true, force: true });
});

function cli(
  args: string[],
  options: { stdin?: string; env?: Record<string, string | undefined> } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: {
        PATH: process.env.PATH,
        LEAP_API_KEY: "leap_dev_key",
        LEAP_BASE_URL: server.url,
        ...options.env,
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill(), 90_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? "");
  });
}

/** The same CLI in-process (no spawn), for the many small cases; the spawned bin covers the wiring. */
const inProcess = (
  args: string[],
  options: { stdin?: string; env?: Record<string, string | undefined> } = {},
) => runCliInProcess(args, { baseUrl: server.url, ...options });

describe("leap-workflows run / get / wait", () => {
  test("run --wait --json: inputs from --input (JSON values parsed) over --inputs-file, exit 0", async () => {
    const file = join(folder, "inputs.json");
    await writeFile(file, JSON.stringify({ name: "from file", keep: 1 }));
    const result = await cli([
      "run",
      "wkf_echo",
      "--inputs-file",
      file,
      "--input",
      "name=Ada",
      "-i",
      "count=3",
      "--input",
      'zip="01234"',
      "--wait",
      "--json",
    ]);
    expect(result.code).toBe(0);
    const run = JSON.parse(result.stdout);
    expect(run).toMatchObject({ status: "completed", workflow_id: "wkf_echo" });
    expect(run.output).toEqual({ name: "Ada", keep: 1, count: 3, zip: "01234" });
    // stderr is not a terminal here: no spinner.
    expect(result.stderr).toBe("");
  });

  test("run without --wait prints the started run; get and wait read it", async () => {
    const started = await cli(["run", "wkf_sleep", "--input", "ms=50", "--json"]);
    expect(started.code).toBe(0);
    const { id } = JSON.parse(started.stdout);
    const waited = await inProcess(["wait", id]);
    expect(waited.code).toBe(0);
    expect(waited.stdout).toContain(`${id}  wkf_sleep  completed`);
    expect(waited.stdout).toContain('"slept": 50');
    const got = await cli(["get", id, "--json"]);
    expect(got.code).toBe(0);
    expect(JSON.parse(got.stdout)).toMatchObject({ id, status: "completed" });
  });

  test("get and wait take a bulk run id (the runs endpoint answers 404, then the bulk one) and print the bulk run", async () => {
    const csv = join(folder, "rows.csv");
    await writeFile(csv, "name\nAda\nGrace\n");
    const leap = new Workflows({ apiKey: "leap_dev_key", baseUrl: server.url });
    const bulk = await leap.bulkRuns.create({
      workflow_id: "wkf_echo",
      input_csv_url: pathToFileURL(csv).href,
    });
    const waited = await inProcess(["wait", bulk.id]);
    expect(waited.code).toBe(0);
    expect(waited.stdout).toMatch(new RegExp(`^${bulk.id}  wkf_echo  completed\nrows: 2\noutput CSV: http`));
    const got = await cli(["get", bulk.id, "--json"]);
    expect(got.code).toBe(0);
    // The output URL is signed afresh on each read: compared apart from its query, whose form is checked here.
    const printed = JSON.parse(got.stdout) as { output_csv_url: string };
    const retrieved = await leap.bulkRuns.retrieve(bulk.id);
    expect(withoutLinkSignature(printed)).toEqual(withoutLinkSignature(retrieved));
    expect(printed.output_csv_url).toMatch(/\/output\.csv\?expires=\d+&signature=[\w-]+$/);
    // --bulk asks the bulk runs endpoint only: a run's id is then unknown there (404, exit 3).
    expect((await inProcess(["get", "--bulk", bulk.id])).code).toBe(0);
    expect((await inProcess(["wait", "--bulk", bulk.id])).code).toBe(0);
    const run = await leap.run({ workflow_id: "wkf_echo" });
    expect((await inProcess(["get", run.id])).code).toBe(0);
    const asBulk = await inProcess(["get", "--bulk", run.id]);
    expect(asBulk.code).toBe(3);
    expect(asBulk.stderr).toMatch(/404/);
    expect((await inProcess(["wait", "--bulk", run.id])).code).toBe(3);
    // An id neither endpoint knows is reported as the run that was asked for, not as a missing bulk run.
    for (const command of ["get", "wait"]) {
      const unknown = await inProcess([command, "rnp_nothing_here"]);
      expect(unknown.code).toBe(3);
      expect(unknown.stderr).toMatch(
        /^leap-workflows: 404 run_not_found: No run rnp_nothing_here \(request \w+\)\n$/,
      );
    }
    // A dozen CLI calls and a spawned bin: generous on a loaded machine (nothing here measures time).
  });

  test("a failed run exits 1 and prints its error", async () => {
    const result = await cli(["run", "wkf_fail", "--input", "message=nope", "--wait"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("failed");
    expect(result.stdout).toContain("error: nope");
  });

  test("usage errors exit 2 and point to --help", async () => {
    const missing = await cli(["run"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("leap-workflows run --help");
    expect((await inProcess(["run", "wkf_echo", "--bogus"])).code).toBe(2);
    expect((await inProcess(["run", "wkf_echo", "--input", "novalue"])).stderr).toContain("key=value");
    expect((await inProcess(["frobnicate"])).code).toBe(2);
    const noKey = await inProcess(["get", "rnp_1"], { env: { LEAP_API_KEY: undefined } });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain("LEAP_API_KEY");
  });

  test("API errors exit 3; --json prints the error object", async () => {
    const result = await cli(["get", "rnp_doesnotexist", "--json"]);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout).error.type).toBe("NotFoundError");
    const badKey = await inProcess(["get", "rnp_1"], { env: { LEAP_API_KEY: "wrong_key" } });
    expect(badKey.code).toBe(3);
    expect(badKey.stderr).not.toContain("wrong_key");
  });

  test("--help for every command, on stdout, exit 0", async () => {
    for (const command of ["run", "get", "wait", "verify"]) {
      const result = await inProcess([command, "--help"]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Usage: leap-workflows ${command}`);
    }
    const top = await cli(["--help"]);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/run\s.*\n\s+get\s.*\n\s+wait\s.*\n\s+verify/);
  });
});

describe("leap-workflows verify", () => {
  const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const body = JSON.stringify(
    fakeRun({ id: "rnp_1", workflow_id: "wkf_echo", status: "completed", output: { ok: true } }),
  );
  // A webhook recorded long ago: beyond the 5-minute window, still verifiable.
  const saved = () => createWebhookHeaders({ secret, body, id: "msg_1", timestamp: 1_700_000_000 });

  test("a raw HTTP request on stdin verifies (exit 0), and an old one fails only with --tolerance", async () => {
    const headers = await saved();
    const raw = `POST /hooks/leap HTTP/1.1\r\nHost: example.com\r\nContent-Type: application/json\r\n${Object.entries(
      headers,
    )
      .map(([name, value]) => `${name}: ${value}`)
      .join("\r\n")}\r\n\r\n${body}`;
    const ok = await cli(["verify"], { stdin: raw, env: { LEAP_WEBHOOK_SECRET: secret } });
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain("Signature verified");
    expect(ok.stdout).toContain("rnp_1  wkf_echo  completed");
    const old = await inProcess(["verify", "--tolerance", "300", "--json"], {
      stdin: raw,
      env: { LEAP_WEBHOOK_SECRET: secret },
    });
    expect(old.code).toBe(4);
    expect(JSON.parse(old.stdout).error.reason).toBe("timestamp_too_old");
  });

  test("a saved bulk-run webhook verifies and prints the bulk run", async () => {
    const bulkBody = JSON.stringify(
      fakeBulkRun({ status: "completed", row_count: 3, output_csv_url: "https://example.test/out.csv" }),
    );
    const headers = await createWebhookHeaders({ secret, body: bulkBody, timestamp: 1_700_000_000 });
    const file = join(folder, "bulk-webhook.json");
    await writeFile(file, JSON.stringify({ headers, body: bulkBody }));
    const ok = await inProcess(["verify", "--secret", secret, "--file", file]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe(
      "bulk_9Nmenl7rxIu2FiSsnqNyTe9G  wkf_123  completed\nrows: 3\noutput CSV: https://example.test/out.csv\n",
    );
    const json = await inProcess(["verify", "--secret", secret, "--file", file, "--json"]);
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(bulkBody));
  });

  test("JSON { headers, body } from --file; a tampered body or wrong secret exits 4", async () => {
    const headers = await saved();
    const file = join(folder, "webhook.json");
    await writeFile(file, JSON.stringify({ headers, body }));
    const ok = await cli(["verify", "--secret", secret, "--file", file, "--json"]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).output).toEqual({ ok: true });
    await writeFile(file, JSON.stringify({ headers, body: body.replace("true", "false") }));
    const tampered = await inProcess(["verify", "--secret", secret, "--file", file]);
    expect(tampered.code).toBe(4);
    expect(tampered.stderr).not.toContain(secret);
    await writeFile(file, JSON.stringify({ headers, body }));
    const wrong = await inProcess([
      "verify",
      "--secret",
      "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      "--file",
      file,
    ]);
    expect(wrong.code).toBe(4);
  });

  test("no secret or an unreadable request is a usage error", async () => {
    expect((await inProcess(["verify"], { stdin: "x" })).code).toBe(2);
    expect((await inProcess(["verify", "--secret", secret], { stdin: "not a request" })).code).toBe(2);
  });
});
