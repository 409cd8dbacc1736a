import { Agent, createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { bulkRunSchema, errorResponseSchema, Workflows, workflowRunSchema } from "@leap-workflows/core";
import { withoutLinkSignature } from "@leap-workflows/test-kit/fixture-server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDevServer, type DevServer } from "../src/index";
import { eventually, startReceiver } from "./helpers";

// Every path of core's OpenAPI document, each answer checked with core's zod schemas (the contract).
let server: DevServer;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let csvServer: ReturnType<typeof createServer>;
let csvUrl: string;
beforeAll(async () => {
  server = await createDevServer({ webhookRetryDelays: [0.05] });
  receiver = await startReceiver();
  csvServer = createServer((request, response) => {
    if (request.url === "/rows.csv")
      response.writeHead(200, { "content-type": "text/csv" }).end("n\n1\n2\n3\n");
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => csvServer.listen(0, "127.0.0.1", resolve));
  csvUrl = `http://127.0.0.1:${(csvServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await server.close();
  await receiver.close();
  await new Promise<void>((resolve) => csvServer.close(() => resolve()));
});

const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { "x-api-key": "leap_dev_key", "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as unknown };
};

describe("POST /v1/runs and GET /v1/runs/{workflow_run_id}", () => {
  test("answers declare their Content-Length in bytes (no chunked body), errors too", async () => {
    // Raw node:http, so the framing the server chose is visible (fetch hides it).
    const raw = (body: string) =>
      new Promise<{ headers: Record<string, unknown>; bytes: Buffer }>((resolve, reject) => {
        const outgoing = httpRequest(`${server.url}/v1/runs`, {
          method: "POST",
          headers: { "x-api-key": "leap_dev_key", "content-type": "application/json" },
        });
        outgoing.on("error", reject);
        outgoing.on("response", (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => resolve({ headers: response.headers, bytes: Buffer.concat(chunks) }));
        });
        outgoing.end(body);
      });
    for (const body of [JSON.stringify({ workflow_id: "wkf_echo", inputs: { text: "héllo ☃" } }), "{}"]) {
      const { headers, bytes } = await raw(body);
      expect(headers["transfer-encoding"]).toBeUndefined();
      expect(headers["content-length"]).toBe(String(bytes.length));
      // A length counted in characters would cut the answer short of its closing brace.
      expect(JSON.parse(bytes.toString("utf8"))).toBeTypeOf("object");
    }
  });

  test("200 on create and on an idempotent replay (the first run), 409 on a reused key", async () => {
    const key = `contract-${Math.random()}`;
    const created = await call(
      "POST",
      "/v1/runs",
      { workflow_id: "wkf_echo", inputs: { a: 1, b: [2] } },
      {
        "idempotency-key": key,
      },
    );
    expect(created.status).toBe(200);
    const run = workflowRunSchema.parse(created.json);
    // The same request with its fields in another order, and the old `input` name, is a replay.
    const replay = await call(
      "POST",
      "/v1/runs",
      { input: { b: [2], a: 1 }, workflow_id: "wkf_echo" },
      {
        "idempotency-key": key,
      },
    );
    expect(replay.status).toBe(200);
    expect(workflowRunSchema.parse(replay.json).id).toBe(run.id);
    const reused = await call(
      "POST",
      "/v1/runs",
      { workflow_id: "wkf_echo", inputs: { a: 2 } },
      {
        "idempotency-key": key,
      },
    );
    expect(reused.status).toBe(409);
    expect(errorResponseSchema.parse(reused.json).error.type).toBe("idempotency_key_reused");
    expect(server.listRuns().filter((listed) => listed.idempotency_key === key)).toHaveLength(1);

    const read = await call("GET", `/v1/runs/${run.id}`);
    expect(read.status).toBe(200);
    expect(workflowRunSchema.parse(read.json).id).toBe(run.id);
  });

  test("errors on every path are ErrorResponse bodies with the right status", async () => {
    const cases: [string, string, unknown, Record<string, string>, number][] = [
      ["GET", "/v1/runs/rnp_nothere", undefined, {}, 404],
      ["GET", "/v1/runs/bulk/bulk_nothere", undefined, {}, 404],
      // GET /v1/runs/bulk is GET /v1/runs/{workflow_run_id} for the id `bulk` in the contract.
      ["GET", "/v1/runs/bulk", undefined, {}, 404],
      ["POST", "/v1/runs", { workflow_id: "wkf_unknown" }, {}, 404],
      ["POST", "/v1/runs/bulk", { workflow_id: "wkf_echo" }, {}, 400],
      ["POST", "/v1/runs/bulk", { workflow_id: "wkf_echo", input_csv_url: "not a url" }, {}, 400],
      ["POST", "/v1/runs", { workflow_id: "wkf_echo", inputs: { a: 1 }, input: { a: 2 } }, {}, 400],
      ["POST", "/v1/runs", { workflow_id: "wkf_echo" }, { "x-api-key": "wrong" }, 401],
      ["GET", "/v1/runs/bulk/bulk_x", undefined, { "x-api-key": "" }, 401],
      ["PUT", "/v1/runs/bulk", "{}", {}, 405],
      ["POST", "/v1/runs/rnp_x", "{}", {}, 405],
      ["GET", "/v1/runs/rnp_x/deliveries", undefined, {}, 404],
    ];
    for (const [method, path, body, headers, status] of cases) {
      const answer = await call(method, path, body, headers);
      expect({ method, path, status: answer.status }).toEqual({ method, path, status });
      expect(errorResponseSchema.parse(answer.json).error.message.length).toBeGreaterThan(0);
    }
    const wrongMethod = await call("DELETE", "/v1/runs");
    expect(wrongMethod.headers.get("allow")).toBe("POST");
  });

  test("with every slot busy a new run is queued, then runs", async () => {
    const narrow = await createDevServer({ concurrency: 1 });
    try {
      const leap = new Workflows({ apiKey: "leap_dev_key", baseUrl: narrow.url });
      const first = await leap.run({ workflow_id: "wkf_sleep", inputs: { ms: 200 } });
      const second = await leap.run({ workflow_id: "wkf_echo", inputs: { after: true } });
      expect(first.status).toBe("running");
      expect(second).toMatchObject({ status: "queued", started_at: null });
      const done = await leap.runs.wait(second.id, { initialInterval: 10 });
      expect(done).toMatchObject({ status: "completed", output: { after: true } });
      expect(done.started_at).not.toBeNull();
    } finally {
      await narrow.close();
    }
  });
});

describe("POST /v1/runs/bulk and GET /v1/runs/bulk/{bulk_run_id}", () => {
  test("a CSV over http becomes runs; the bulk run's webhook is delivered and its attempts listed", async () => {
    const key = `bulk-${Math.random()}`;
    const body = { workflow_id: "wkf_echo", input_csv_url: `${csvUrl}/rows.csv`, webhook_url: receiver.url };
    const created = await call("POST", "/v1/runs/bulk", body, { "idempotency-key": key });
    expect(created.status).toBe(200);
    const bulk = bulkRunSchema.parse(created.json);
    expect(bulk.id).toMatch(/^bulk_[A-Za-z0-9]{24}$/);
    expect(bulk.row_count).toBe(0);
    expect(bulk.version_id).toMatch(/^vsp_/);
    const replay = await call("POST", "/v1/runs/bulk", body, { "idempotency-key": key });
    expect(replay.status).toBe(200);
    expect(bulkRunSchema.parse(replay.json).id).toBe(bulk.id);
    const reused = await call(
      "POST",
      "/v1/runs/bulk",
      { ...body, webhook_url: undefined },
      {
        "idempotency-key": key,
      },
    );
    expect(reused.status).toBe(409);

    const leap = new Workflows({ apiKey: "leap_dev_key", baseUrl: server.url });
    const done = await leap.bulkRuns.wait(bulk.id, { initialInterval: 10 });
    expect(
      withoutLinkSignature(bulkRunSchema.parse((await call("GET", `/v1/runs/bulk/${bulk.id}`)).json)),
    ).toEqual(withoutLinkSignature(done));
    expect(done).toMatchObject({ status: "completed", row_count: 3, error: null });
    const csv = await (await fetch(done.output_csv_url ?? "")).text();
    expect(
      csv
        .trim()
        .split("\n")
        .slice(1)
        .map((line) => line.split(",")[1]),
    ).toEqual(["completed", "completed", "completed"]);

    const delivery = await eventually(() =>
      receiver.received.find((entry) => (JSON.parse(entry.body) as { id: string }).id === bulk.id),
    );
    expect(withoutLinkSignature(bulkRunSchema.parse(JSON.parse(delivery.body)))).toEqual(
      withoutLinkSignature(done),
    );
    const listed = await eventually(async () => {
      const { json } = await call("GET", `/v1/runs/bulk/${bulk.id}/deliveries`);
      const { data } = json as { data: { webhook_id: string; status_code: number }[] };
      return data.length > 0 ? data : undefined;
    });
    expect(listed).toMatchObject([{ webhook_id: delivery.headers["webhook-id"], status_code: 200 }]);
  });

  test("a CSV URL that answers 404 fails the bulk run with the reason", async () => {
    const leap = new Workflows({ apiKey: "leap_dev_key", baseUrl: server.url });
    const bulk = await leap.bulkRuns.create({
      workflow_id: "wkf_echo",
      input_csv_url: `${csvUrl}/missing.csv`,
    });
    const done = await leap.bulkRuns.wait(bulk.id, { initialInterval: 10 });
    expect(done).toMatchObject({ status: "failed", output_csv_url: null });
    expect(done.error).toMatch(/404/);
  });
});

/** A POST of `chunks` pieces of 64 KiB on `agent`: its answer, and whether it went on a reused connection. */
function postInPieces(
  agent: Agent,
  chunks: number,
  headers: Record<string, string>,
): Promise<{ status: number; body: string; reusedSocket: boolean; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(new URL("/v1/runs", server.url), {
      agent,
      method: "POST",
      headers: { "x-api-key": "leap_dev_key", "content-type": "application/json", ...headers },
    });
    // Any error fails the test: the server reads a refused body to its end, so no write is ever cut off.
    outgoing.on("error", reject);
    outgoing.on("response", (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          body,
          reusedSocket: outgoing.reusedSocket,
          connection: response.headers.connection,
        }),
      );
    });
    const chunk = "x".repeat(64 * 1024);
    let sent = 0;
    const write = () => {
      while (sent < chunks) {
        sent++;
        if (!outgoing.write(chunk)) return void outgoing.once("drain", write);
      }
      outgoing.end();
    };
    write();
  });
}

test.each([
  ["chunked (no Content-Length)", { "transfer-encoding": "chunked" }],
  ["with its Content-Length", { "content-length": String(40 * 64 * 1024) }],
])(
  "a body over the limit, %s, is read to its end and answered 413 on a connection that stays open",
  async (_, headers) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      // Bigger than the cap (1 MiB) and than a socket's buffers: the client is still writing when the server refuses.
      const answer = await postInPieces(agent, 40, headers);
      expect(answer.status).toBe(413);
      expect(errorResponseSchema.parse(JSON.parse(answer.body)).error.type).toBe("payload_too_large");
      const after = await postInPieces(agent, 0, { "content-length": "0" });
      expect(after.reusedSocket).toBe(true);
      expect(after.status).toBe(400); // the empty body, read on the same connection
    } finally {
      agent.destroy();
    }
  },
);

test("a body declared past the discard limit is answered 413 at once, and the connection closes", async () => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const answer = await new Promise<{ status: number; connection: string | undefined }>(
      (resolve, reject) => {
        const outgoing = httpRequest(new URL("/v1/runs", server.url), {
          agent,
          method: "POST",
          headers: { "x-api-key": "leap_dev_key", "content-length": String(17 * 1024 * 1024) },
        });
        outgoing.on("response", (response) => {
          response.resume();
          resolve({ status: response.statusCode ?? 0, connection: response.headers.connection });
          outgoing.destroy();
        });
        outgoing.on("error", (error) => reject(error));
        outgoing.flushHeaders();
      },
    );
    expect(answer).toEqual({ status: 413, connection: "close" });
    expect((await call("POST", "/v1/runs", { workflow_id: "wkf_echo" })).status).toBe(200);
  } finally {
    agent.destroy();
  }
});
