import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  NotFoundError,
  type WorkflowRun,
  Workflows,
  workflowRunSchema,
} from "@leap-workflows/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDevServer, type DevServer } from "../src/index";

let server: DevServer;
let leap: Workflows;
// file: CSVs are read only inside the folder the server is started with.
const csvDir = mkdtempSync(join(tmpdir(), "leap-bulk-"));
beforeAll(async () => {
  server = await createDevServer({
    apiKeys: ["key_a", "key_b"],
    csvDir,
    workflows: { wkf_upper: async (inputs) => ({ text: String(inputs.text).toUpperCase() }) },
  });
  leap = new Workflows({ apiKey: "key_b", baseUrl: server.url, maxRetries: 0 });
});
afterAll(() => server.close());

const raw = (path: string, init: RequestInit & { key?: string | null } = {}) =>
  fetch(`${server.url}${path}`, {
    ...init,
    headers: {
      ...(init.key === null ? {} : { "x-api-key": init.key ?? "key_a" }),
      "content-type": "application/json",
      ...init.headers,
    },
  });

describe("runs", () => {
  test("a run starts running, then completes with the workflow's output (validated by core's client)", async () => {
    const run = await leap.run({ workflow_id: "wkf_echo", inputs: { foo: "bar" } });
    expect(run).toMatchObject({
      status: "running",
      workflow_id: "wkf_echo",
      input: { foo: "bar" },
      output: null,
      ended_at: null,
    });
    expect(run.id).toMatch(/^rnp_[A-Za-z0-9]{15}$/);
    expect(run.version_id).toMatch(/^vsp_/);
    expect(run.started_at).not.toBeNull();
    const done = await leap.runs.wait(run.id, { initialInterval: 10 });
    expect(done).toMatchObject({ status: "completed", output: { foo: "bar" }, error: null });
    expect(Date.parse(done.ended_at ?? "")).toBeGreaterThanOrEqual(Date.parse(done.started_at ?? ""));
  });

  test("a workflow that throws fails its run with the message", async () => {
    const done = await leap.runAndWait(
      { workflow_id: "wkf_fail", inputs: { message: "no luck" } },
      { initialInterval: 10 },
    );
    expect(done).toMatchObject({ status: "failed", error: "no luck", output: null });
  });

  test("workflows from options run; wkf_sleep sleeps", async () => {
    expect(
      (await leap.runAndWait({ workflow_id: "wkf_upper", inputs: { text: "hi" } }, { initialInterval: 10 }))
        .output,
    ).toEqual({
      text: "HI",
    });
    expect(
      (await leap.runAndWait({ workflow_id: "wkf_sleep", inputs: { ms: 30 } }, { initialInterval: 10 }))
        .output,
    ).toEqual({
      slept: 30,
    });
  });

  test("a workflow that outlives its timeout fails, and the server goes on", async () => {
    const strict = await createDevServer({ workflowTimeoutMs: 50 });
    try {
      const client = new Workflows({ apiKey: "leap_dev_key", baseUrl: strict.url });
      const done = await client.runAndWait(
        { workflow_id: "wkf_sleep", inputs: { ms: 5_000 } },
        { initialInterval: 10 },
      );
      expect(done.status).toBe("failed");
      expect(done.error).toMatch(/timed out/);
    } finally {
      await strict.close();
    }
  });

  test("the old `input` field is accepted as `inputs`", async () => {
    const response = await raw("/v1/runs", {
      method: "POST",
      body: JSON.stringify({ workflow_id: "wkf_echo", input: { a: 1 } }),
    });
    expect(response.status).toBe(201);
    const run = workflowRunSchema.parse(await response.json());
    expect(run.input).toEqual({ a: 1 });
  });

  test("unknown workflows and runs are 404s that say what exists", async () => {
    const error = await leap.run({ workflow_id: "wkf_nope" }).catch((caught: unknown) => caught);
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/wkf_echo/);
    expect(
      NotFoundError.isInstance(await leap.runs.retrieve("rnp_missing").catch((caught: unknown) => caught)),
    ).toBe(true);
  });
});

describe("idempotency", () => {
  test("the same key and body return the first run; a different body is a 409", async () => {
    const key = `key-${Math.random()}`;
    const first = await leap.run({ workflow_id: "wkf_echo", inputs: { n: 1 } }, { idempotencyKey: key });
    // The same API key as `leap`: Idempotency-Keys are scoped per API key.
    const again = await raw("/v1/runs", {
      method: "POST",
      key: "key_b",
      headers: { "idempotency-key": key },
      body: JSON.stringify({ workflow_id: "wkf_echo", inputs: { n: 1 } }),
    });
    expect(again.status).toBe(200);
    expect(((await again.json()) as WorkflowRun).id).toBe(first.id);
    const conflict = await leap
      .run({ workflow_id: "wkf_echo", inputs: { n: 2 } }, { idempotencyKey: key })
      .catch((e: unknown) => e);
    expect(ConflictError.isInstance(conflict)).toBe(true);
    expect(server.listRuns().filter((run) => run.idempotency_key === key)).toHaveLength(1);
  });
});

describe("bad input gets a JSON error naming the problem", () => {
  const cases: [string, RequestInit & { key?: string | null; path?: string }, number, RegExp][] = [
    ["malformed JSON", { method: "POST", body: "{nope" }, 400, /JSON/],
    ["an array body", { method: "POST", body: "[]" }, 400, /object/],
    ["missing workflow_id", { method: "POST", body: "{}" }, 400, /workflow_id/],
    ["workflow_id of the wrong type", { method: "POST", body: '{"workflow_id":7}' }, 400, /workflow_id/],
    [
      "inputs that are not an object",
      { method: "POST", body: '{"workflow_id":"wkf_echo","inputs":"x"}' },
      400,
      /inputs/,
    ],
    [
      "a webhook_url that is not http(s)",
      { method: "POST", body: '{"workflow_id":"wkf_echo","webhook_url":"ftp://x"}' },
      400,
      /webhook_url/,
    ],
    [
      "a body over the limit",
      {
        method: "POST",
        body: JSON.stringify({ workflow_id: "wkf_echo", inputs: { big: "x".repeat(1_100_000) } }),
      },
      413,
      /exceeds/,
    ],
    ["no API key", { method: "POST", body: "{}", key: null }, 401, /X-Api-Key/],
    ["a wrong API key", { method: "GET", key: "nope", path: "/v1/runs/rnp_1" }, 401, /not valid/],
    ["an unknown path", { method: "GET", path: "/v2/things" }, 404, /No route/],
    ["a wrong method", { method: "DELETE", path: "/v1/runs/rnp_1" }, 405, /DELETE/],
  ];
  test.each(cases)("%s", async (_, init, status, message) => {
    const response = await raw(init.path ?? "/v1/runs", init);
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toBe("application/json");
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(body.error.message).toMatch(message);
    expect(typeof body.error.type).toBe("string");
  });

  test("the client maps them to typed errors", async () => {
    const anonymous = new Workflows({ apiKey: "wrong", baseUrl: server.url });
    expect(
      AuthenticationError.isInstance(await anonymous.runs.retrieve("rnp_1").catch((e: unknown) => e)),
    ).toBe(true);
    const bad = await raw("/v1/runs/bulk", {
      method: "POST",
      body: '{"workflow_id":"wkf_echo","input_csv_url":"gopher://x"}',
    });
    expect(bad.status).toBe(400);
    expect(BadRequestError.kind).toBe("BadRequestError");
  });
});

describe("bulk runs", () => {
  test("a CSV becomes one run per row, and the output CSV is served", async () => {
    const csv = join(csvDir, "rows.csv");
    writeFileSync(csv, 'text,n\nhello,1\n"a, ""quoted"" one",2\n');
    const bulk = await leap.bulkRuns.create({
      workflow_id: "wkf_upper",
      input_csv_url: pathToFileURL(csv).href,
    });
    expect(bulk.id).toMatch(/^bkr_/);
    const done = await leap.bulkRuns.wait(bulk.id, { initialInterval: 10 });
    expect(done).toMatchObject({ status: "completed", row_count: 2, error: null });
    const output = await (await fetch(done.output_csv_url ?? "")).text();
    const lines = output.trim().split("\n");
    expect(lines[0]).toBe("run_id,status,output,error");
    expect(lines[1]).toMatch(/^rnp_\w+,completed,"{""text"":""HELLO""}",$/);
    expect(lines[2]).toContain('A, \\""QUOTED\\"" ONE');
    // listRuns names the bulk run that started each row's run.
    const rowRuns = server.listRuns().filter((run) => run.bulk_run_id === bulk.id);
    expect(rowRuns.map((run) => run.id)).toEqual(lines.slice(1).map((line) => line.split(",")[0]));
  });

  test("an unreadable CSV fails the bulk run with a clear error", async () => {
    const bulk = await leap.bulkRuns.create({
      workflow_id: "wkf_echo",
      input_csv_url: "file:///nonexistent/rows.csv",
    });
    const done = await leap.bulkRuns.wait(bulk.id, { initialInterval: 10 });
    expect(done.status).toBe("failed");
    expect(done.error).toMatch(/input_csv_url/);
  });
});
