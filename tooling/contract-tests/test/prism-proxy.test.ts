import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createDevServer, type DevServer } from "@leap-workflows/dev-server";
import { Workflows } from "@leap-workflows/node";
import { withoutLinkSignature } from "@leap-workflows/test-kit/fixture-server";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PROJECT_DOCUMENT, type Prism, startPrism } from "./prism";
import { type ProxiedAnswer, readProxied } from "./proxy-client";

// The dev server's answers pass through Prism as a validating proxy of the project's OpenAPI document
// (`prism proxy … --errors`): the same scenarios as the dev server's contract and fuzz tests, and no
// answer may break the document (no response violation, no undocumented status code). Requests the
// document calls invalid are answered by Prism itself; those never reach the dev server.
let server: DevServer;
let prism: Prism;
let csv: Server;
let csvUrl: string;
let receiver: Server;
let receiverUrl: string;
const deliveries: string[] = [];

beforeAll(async () => {
  server = await createDevServer({ webhookRetryDelays: [] });
  csv = createServer((request, response) => {
    if (request.url === "/rows.csv")
      response.writeHead(200, { "content-type": "text/csv" }).end("n\n1\n2\n3\n");
    else response.writeHead(404).end();
  });
  receiver = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on("end", () => {
      deliveries.push(body);
      response.writeHead(200).end();
    });
  });
  for (const each of [csv, receiver])
    await new Promise<void>((resolve) => each.listen(0, "127.0.0.1", resolve));
  csvUrl = `http://127.0.0.1:${(csv.address() as AddressInfo).port}`;
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  prism = await startPrism(["proxy", "--errors", PROJECT_DOCUMENT, server.url]);
}, 90_000);
afterAll(async () => {
  await prism?.stop();
  await server?.close();
  for (const each of [csv, receiver]) await new Promise<void>((resolve) => each?.close(() => resolve()));
});

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ProxiedAnswer> {
  const send = () =>
    fetch(`${prism.url}${path}`, {
      method,
      headers: { "x-api-key": "leap_dev_key", "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      // A hung answer fails with the request named, not as a test timeout.
      signal: AbortSignal.timeout(30_000),
    });
  // A keep-alive socket that Prism closes just as a request goes out fails with "fetch failed" and no answer
  // (rarely, twice in a row on a loaded machine): that says nothing about the contract, so it is sent again, up
  // to three times in all. An answer, whatever its status, is never retried.
  const response = await sendUntilAnswered(send).catch((error: unknown) => {
    throw new Error(
      `${method} ${path} ${JSON.stringify(headers)} ${String(body).slice(0, 200)}: ${error} (${(error as Error).cause})`,
    );
  });
  return readProxied(response);
}

async function sendUntilAnswered(send: () => Promise<Response>): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      const noAnswer = error instanceof TypeError && error.message === "fetch failed";
      if (!noAnswer || attempt === 3) throw error;
    }
  }
}

/** A forwarded answer with no violation, and its status. */
function expectValid(answer: ProxiedAnswer, status: number) {
  expect(answer.responseViolations, answer.text).toEqual([]);
  expect(answer.refusedByPrism, answer.text).toBe(false);
  expect(answer.status, answer.text).toBe(status);
}

/** The node client through the proxy; every answer's violations are collected. */
function proxiedClient(seen: ProxiedAnswer[]) {
  const observe: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    seen.push(await readProxied(response.clone()));
    return response;
  };
  return new Workflows({ apiKey: "leap_dev_key", baseUrl: prism.url, maxRetries: 0, fetch: observe });
}

describe("the dev server's contract scenarios, through Prism validating the project's document", () => {
  test("create (200), idempotent replay (200, either inputs name), reused key (409), read (200)", async () => {
    const key = `proxy-${Math.random()}`;
    const created = await call(
      "POST",
      "/v1/runs",
      { workflow_id: "wkf_echo", inputs: { a: 1 } },
      {
        "idempotency-key": key,
      },
    );
    expectValid(created, 200);
    const id = (created.json as { id: string }).id;
    const replay = await call(
      "POST",
      "/v1/runs",
      { input: { a: 1 }, workflow_id: "wkf_echo" },
      {
        "idempotency-key": key,
      },
    );
    expectValid(replay, 200);
    expect((replay.json as { id: string }).id).toBe(id);
    expectValid(
      await call(
        "POST",
        "/v1/runs",
        { workflow_id: "wkf_echo", inputs: { a: 2 } },
        { "idempotency-key": key },
      ),
      409,
    );
    expectValid(await call("POST", "/v1/runs", { workflow_id: "wkf_echo" }, { "idempotency-key": "" }), 200);
    expectValid(await call("GET", `/v1/runs/${id}`), 200);

    const seen: ProxiedAnswer[] = [];
    const leap = proxiedClient(seen);
    const run = await leap.run({ workflow_id: "wkf_sleep", inputs: { ms: 30 } });
    expect((await leap.runs.wait(run.id, { initialInterval: 5 })).status).toBe("completed");
    const failed = await leap.runAndWait({ workflow_id: "wkf_fail", inputs: { message: "nope" } });
    expect(failed).toMatchObject({ status: "failed", error: "nope" });
    expect(seen.length).toBeGreaterThan(2);
    for (const answer of seen) expect(answer.responseViolations, answer.text).toEqual([]);
  });

  test("errors on every path: documented statuses, ErrorResponse bodies, no violation", async () => {
    const cases: [string, string, unknown, Record<string, string>, number][] = [
      ["GET", "/v1/runs/rnp_nothere", undefined, {}, 404],
      ["GET", "/v1/runs/bulk/bulk_nothere", undefined, {}, 404],
      ["POST", "/v1/runs", { workflow_id: "wkf_unknown" }, {}, 404],
      ["POST", "/v1/runs", { workflow_id: "wkf_echo", inputs: { a: 1 }, input: { a: 2 } }, {}, 400],
      [
        "POST",
        "/v1/runs/bulk",
        { workflow_id: "wkf_echo", input_csv_url: "gopher://x.test/rows.csv" },
        {},
        400,
      ],
      ["POST", "/v1/runs", { workflow_id: "wkf_echo" }, { "x-api-key": "wrong" }, 401],
      ["GET", "/v1/runs/bulk/bulk_x", undefined, { "x-api-key": "wrong" }, 401],
      ["POST", "/v1/runs", { workflow_id: "wkf_echo", inputs: { big: "x".repeat(1_100_000) } }, {}, 413],
    ];
    for (const [method, path, body, headers, status] of cases) {
      const answer = await call(method, path, body, headers);
      expectValid(answer, status);
      expect((answer.json as { error: { message: string } }).error.message.length).toBeGreaterThan(0);
    }
    // What the document itself calls invalid never reaches the server: Prism answers.
    for (const [method, path, body, headers] of [
      ["POST", "/v1/runs/bulk", { workflow_id: "wkf_echo" }, {}],
      ["POST", "/v1/runs", { workflow_id: "" }, {}],
      ["POST", "/v1/runs", { workflow_id: "wkf_echo" }, { "idempotency-key": "k".repeat(256) }],
      ["GET", "/v1/runs/rnp_x", undefined, { "x-api-key": "" }],
    ] as const) {
      const answer = await call(method, path, body, headers);
      expect(answer.refusedByPrism, `${method} ${path}: ${answer.text}`).toBe(true);
    }
  });

  test("a bulk run over http: create (200, bulk_ id, row_count 0), wait to completed, webhook delivered", async () => {
    const seen: ProxiedAnswer[] = [];
    const leap = proxiedClient(seen);
    const bulk = await leap.bulkRuns.create({
      workflow_id: "wkf_echo",
      input_csv_url: `${csvUrl}/rows.csv`,
      webhook_url: receiverUrl,
    });
    expect(bulk).toMatchObject({ row_count: 0 });
    expect(bulk.id).toMatch(/^bulk_/);
    const done = await leap.bulkRuns.wait(bulk.id, { initialInterval: 5 });
    expect(done).toMatchObject({ status: "completed", row_count: 3 });
    // The webhook goes to the receiver directly (not through Prism); it carries the bulk run.
    const deadline = Date.now() + 30_000;
    while (!deliveries.some((delivery) => delivery.includes(bulk.id)) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const delivered = JSON.parse(deliveries.find((delivery) => delivery.includes(bulk.id)) ?? "{}");
    expect(withoutLinkSignature(delivered)).toEqual(withoutLinkSignature(done));
    const missing = await leap.bulkRuns.create({
      workflow_id: "wkf_echo",
      input_csv_url: `${csvUrl}/none.csv`,
    });
    expect(await leap.bulkRuns.wait(missing.id, { initialInterval: 5 })).toMatchObject({
      status: "failed",
      row_count: 0,
    });
    for (const answer of seen) expect(answer.responseViolations, answer.text).toEqual([]);
    expect(seen.every((answer) => answer.status === 200)).toBe(true);
  });
});

// The dev server's fuzz test, through the proxy: random requests near the contract's edges. Every answer
// that reaches the dev server must be one the document allows.
test("random requests: no answer of the dev server breaks the project's document", async () => {
  const json = fc.jsonValue({ maxDepth: 2 });
  const inputs = fc.oneof(fc.dictionary(fc.string({ maxLength: 5 }), json, { maxKeys: 3 }), json);
  // Prism 5.16 never answers a body that is not JSON sent as application/json (it hangs), so malformed
  // JSON is left to the dev server's own fuzz test; here a body is JSON, or text sent as text/plain.
  const body = fc.oneof(
    fc.string({ maxLength: 100 }).map((text) => ({ text, type: "text/plain" })),
    json.map((value) => ({ text: JSON.stringify(value), type: "application/json" })),
    fc
      .record(
        {
          workflow_id: fc.oneof(fc.constantFrom("wkf_echo", "wkf_fail", "wkf_nope", ""), fc.string(), json),
          inputs,
          input: inputs,
          webhook_url: fc.oneof(
            fc.constant(receiverUrl),
            fc.string(),
            fc.constantFrom("ftp://127.0.0.1/x", "http://"),
          ),
          input_csv_url: fc.oneof(
            fc.constant(`${csvUrl}/rows.csv`),
            fc.constant(`${csvUrl}/none.csv`),
            fc.string(),
          ),
        },
        { requiredKeys: [] },
      )
      .map((value) => ({ text: JSON.stringify(value), type: "application/json" })),
  );
  const request = fc.record({
    method: fc.constantFrom("GET", "POST"),
    path: fc.constantFrom("/v1/runs", "/v1/runs/bulk", "/v1/runs/rnp_x", "/v1/runs/bulk/bulk_x"),
    body,
    key: fc.oneof(
      fc.constant("leap_dev_key"),
      fc.constant("leap_dev_key"),
      fc.stringMatching(/^[a-z_]{1,12}$/),
    ),
    idempotencyKey: fc.option(
      fc.oneof(fc.stringMatching(/^[\x21-\x7e]{0,20}$/), fc.constant("k".repeat(300))),
    ),
  });
  let forwarded = 0;
  await fc.assert(
    fc.asyncProperty(request, async (input) => {
      const headers: Record<string, string> = { "x-api-key": input.key, "content-type": input.body.type };
      if (input.idempotencyKey !== null) headers["idempotency-key"] = input.idempotencyKey;
      const sent = input.method === "POST" ? input.body.text : undefined;
      const answer = await call(input.method, input.path, sent, headers);
      expect(answer.responseViolations, `${input.method} ${input.path} ${sent}: ${answer.text}`).toEqual([]);
      if (!answer.refusedByPrism) {
        forwarded++;
        expect(answer.status, answer.text).toBeLessThan(500);
      }
    }),
    // `pnpm test` sends 400; `pnpm test:stress` (LEAP_FULL_PROOFS, hashed by turbo.json) 1,000.
    { numRuns: process.env.LEAP_FULL_PROOFS ? 1000 : 400, endOnFailure: true },
  );
  // Most random requests are invalid by design; enough of them must reach the dev server to mean something.
  expect(forwarded).toBeGreaterThan(50);
}, 240_000);
