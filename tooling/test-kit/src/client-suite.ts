import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import {
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConfigurationError,
  ConflictError,
  InternalServerError,
  InvalidResponseError,
  LeapError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  RedirectError,
  ResponseTooLargeError,
  UnprocessableEntityError,
  ValidationError,
  WaitTimeoutError,
  type Workflows,
  type WorkflowsOptions,
} from "@leap-workflows/core";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { type FixtureServer, fakeBulkRun, fakeRun, startFixtureServer } from "./fixture-server";

const API_KEY = "sk_live_do_not_leak_7f3a9c";

/** Catches what `promise` rejects with, failing the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject, but it resolved");
}

/** The client's public surface, structurally, so that a runtime package's build of it fits too. */
export interface SuiteClient {
  run: Workflows["run"];
  runAndWait: Workflows["runAndWait"];
  runs: Pick<Workflows["runs"], "create" | "retrieve" | "wait" | "createAndWait">;
  bulkRuns: Pick<Workflows["bulkRuns"], "create" | "retrieve" | "wait">;
}

/**
 * The client's behaviour, against a real HTTP server. Each runtime package runs it with its own
 * client class (core: fetch; node: undici) so that they are proven to behave the same.
 */
export function clientSuite(name: string, createClient: (options: WorkflowsOptions) => SuiteClient): void {
  describe(`client (${name})`, () => {
    let server: FixtureServer;
    let leap: SuiteClient;
    beforeAll(async () => {
      server = await startFixtureServer();
    });
    afterAll(() => server.close());
    beforeEach(() => {
      server.requests.length = 0;
      leap = createClient({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 0 });
    });

    test("run() sends the API key, JSON body and an Idempotency-Key, and returns the typed run", async () => {
      server.handle(() => ({ status: 201, body: fakeRun() }));
      const run = await leap.run({
        workflow_id: "wkf_123",
        inputs: { foo: "bar" },
        webhook_url: "https://hook.test/x",
      });
      expect(run.id).toBe("rnp_x3p27VQk6MyJfLe");
      expect(run.status).toBe("running");
      const [request] = server.requests;
      expect(request?.method).toBe("POST");
      expect(request?.url).toBe("/v1/runs");
      expect(request?.headers["x-api-key"]).toBe(API_KEY);
      expect(request?.headers["content-type"]).toBe("application/json");
      expect(request?.headers["idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/);
      expect(request?.headers["user-agent"]).toMatch(/^leap-workflows-js\//);
      // Both names: Leap's docs page reads `inputs`, its published schema and official SDK `input`.
      expect(JSON.parse(request?.body ?? "")).toEqual({
        workflow_id: "wkf_123",
        inputs: { foo: "bar" },
        input: { foo: "bar" },
        webhook_url: "https://hook.test/x",
      });
    });

    test("run() takes the inputs as `input` too, and a run without inputs (input: null) parses", async () => {
      server.handle(() => ({ body: fakeRun({ input: null, started_at: null, cost_usd: 0.01 }) }));
      const run = await leap.run({ workflow_id: "wkf_123", input: { foo: 1 } });
      expect(run.input).toBeNull();
      expect((run as Record<string, unknown>).cost_usd).toBe(0.01);
      expect(JSON.parse(server.requests[0]?.body ?? "")).toEqual({
        workflow_id: "wkf_123",
        inputs: { foo: 1 },
        input: { foo: 1 },
      });
      await leap.run({ workflow_id: "wkf_123", inputs: { a: 1, b: 2 }, input: { b: 2, a: 1 } });
      await leap.run({ workflow_id: "wkf_123" });
      expect(JSON.parse(server.requests[2]?.body ?? "")).toEqual({ workflow_id: "wkf_123" });
    });

    test("a 401 with no body says what happened and what to check, without the key", async () => {
      server.handle(() => ({ status: 401, body: "" }));
      const error = (await rejection(leap.runs.retrieve("rnp_1"))) as AuthenticationError;
      expect(AuthenticationError.isInstance(error)).toBe(true);
      expect(error.message).toMatch(/^401: the API key was refused: check apiKey/);
      expect(error.message).toMatch(/X-Api-Key/);
      expect(error.message).toMatch(/LEAP_API_KEY/);
      expect(error.message).not.toContain(API_KEY);
    });

    test("runs.retrieve() GETs the run by its URL-encoded id", async () => {
      server.handle(() => ({ body: fakeRun({ id: "rnp:ä+é@1" }) }));
      const run = await leap.runs.retrieve("rnp:ä+é@1");
      expect(run.id).toBe("rnp:ä+é@1");
      expect(server.requests[0]?.url).toBe("/v1/runs/rnp%3A%C3%A4%2B%C3%A9%401");
      expect(server.requests[0]?.method).toBe("GET");
      expect(server.requests[0]?.headers["idempotency-key"]).toBeUndefined();
    });

    const statusClasses = [
      [400, BadRequestError],
      [401, AuthenticationError],
      [403, PermissionDeniedError],
      [404, NotFoundError],
      [409, ConflictError],
      [413, PayloadTooLargeError],
      [422, UnprocessableEntityError],
      [429, RateLimitError],
      [500, InternalServerError],
      [503, InternalServerError],
    ] as const;
    test.each(statusClasses)(
      "status %i becomes %O with status, body and request id",
      async (status, ErrorClass) => {
        const body = { error: { type: "some_type", message: `the server says ${status}` } };
        server.handle(() => ({ status, headers: { "x-request-id": "req_42" }, body }));
        const error = await rejection(leap.runs.retrieve("rnp_1"));
        // isInstance, not instanceof: runtime packages load core from its build, this suite from source.
        expect(ErrorClass.isInstance(error)).toBe(true);
        expect(APIError.isInstance(error)).toBe(true);
        expect(LeapError.isInstance(error)).toBe(true);
        const apiError = error as APIError;
        expect(apiError.status).toBe(status);
        expect(apiError.body).toEqual(body);
        expect(apiError.type).toBe("some_type");
        expect(apiError.requestId).toBe("req_42");
        expect(apiError.message).toContain(`the server says ${status}`);
        expect(apiError.name).toBe(ErrorClass.kind);
      },
    );

    test("an error body that is not JSON is kept as text", async () => {
      server.handle(() => ({
        status: 502,
        headers: { "content-type": "text/html" },
        body: "<h1>Bad gateway</h1>",
      }));
      const error = (await rejection(leap.runs.retrieve("rnp_1"))) as APIError;
      expect(InternalServerError.isInstance(error)).toBe(true);
      expect(error.body).toBe("<h1>Bad gateway</h1>");
    });

    test("bad params are rejected before anything is sent, naming the field", async () => {
      const cases: [unknown, string][] = [
        [{ workflow_id: "" }, "workflow_id"],
        [{ workflow_id: 42 }, "workflow_id"],
        [{ workflow_id: "wkf_1", inputs: "foo=bar" }, "inputs"],
        [{ workflow_id: "wkf_1", webhook_url: "ftp://x.test/hook" }, "webhook_url"],
        [{ workflow_id: "wkf_1", webhook_url: "not a url" }, "webhook_url"],
        [{ workflow_id: "wkf_1", inputs: { foo: 1 }, input: { foo: 2 } }, "input"],
        [null, "(root)"],
      ];
      for (const [params, field] of cases) {
        const error = await rejection(leap.run(params as never));
        expect(ValidationError.isInstance(error), String(error)).toBe(true);
        expect((error as ValidationError).issues.map((issue) => issue.path)).toContain(field);
        expect((error as ValidationError).message).toContain(field);
      }
      expect(ValidationError.isInstance(await rejection(leap.runs.retrieve("")))).toBe(true);
      const bulkError = await rejection(
        leap.bulkRuns.create({ workflow_id: "wkf_1", input_csv_url: "nope" }),
      );
      expect(ValidationError.isInstance(bulkError)).toBe(true);
      const typed = await rejection(leap.run({ workflow_id: 42, inputs: "x" } as never));
      expect((typed as Error).message).toBe(
        "Invalid run params: workflow_id: expected string, received a number; inputs: expected object, received a string",
      );
      expect(server.requests).toHaveLength(0);
    });

    test("a 2xx body that breaks the contract is an InvalidResponseError naming the field", async () => {
      server.handle(() => ({ body: fakeRun({ started_at: 17, input: undefined }) }));
      const error = (await rejection(leap.runs.retrieve("rnp_1"))) as InvalidResponseError;
      expect(InvalidResponseError.isInstance(error)).toBe(true);
      expect(error.issues.map((issue) => issue.path).sort()).toEqual(["input", "started_at"]);
      expect(error.message).toMatch(/started_at/);
    });

    test("a 2xx body that is not JSON is an InvalidResponseError", async () => {
      server.handle(() => ({ headers: { "content-type": "text/html" }, body: "<html>proxy login</html>" }));
      const error = (await rejection(leap.runs.retrieve("rnp_1"))) as InvalidResponseError;
      expect(InvalidResponseError.isInstance(error)).toBe(true);
      expect(error.body).toBe("<html>proxy login</html>");
    });

    test("a status the client does not know is tolerated and treated as final", async () => {
      server.handle(() => ({ body: fakeRun({ status: "archived" }) }));
      expect((await leap.runs.retrieve("rnp_1")).status).toBe("archived");
      const done = await leap.runs.wait("rnp_1", { initialInterval: 10 });
      expect(done.status).toBe("archived");
      expect(server.requests).toHaveLength(2);
    });

    for (const [final, extra] of [
      ["completed", { output: { answer: 42 } }],
      ["failed", { error: "boom", output: null }],
    ] as const) {
      test(`runs.wait() polls running -> ${final} and resolves with the final run`, async () => {
        let polls = 0;
        server.handle(() => {
          polls++;
          return {
            body:
              polls < 3 ? fakeRun() : fakeRun({ status: final, ended_at: "2026-11-28T12:00:01Z", ...extra }),
          };
        });
        const seen: string[] = [];
        const run = await leap.runs.wait("rnp_1", {
          initialInterval: 5,
          onPoll: (state) => seen.push(state.status),
        });
        expect(run.status).toBe(final);
        expect(run).toMatchObject(extra);
        expect(seen).toEqual(["running", "running", final]);
      });
    }

    test("runs.wait() gives up at its timeout with a WaitTimeoutError carrying the last state", async () => {
      server.handle(() => ({ body: fakeRun() }));
      const error = (await rejection(
        // A margin for a loaded machine: the first poll must come back before the deadline ends the wait.
        leap.runs.wait("rnp_1", { timeout: 3_000, initialInterval: 10 }),
      )) as WaitTimeoutError;
      expect(WaitTimeoutError.isInstance(error)).toBe(true);
      expect(error.id).toBe("rnp_1");
      expect(error.lastSeen?.status).toBe("running");
      expect(server.requests.length).toBeGreaterThan(1);
    });

    test("runs.wait() stops at once when its signal aborts", async () => {
      server.handle(() => ({ body: fakeRun() }));
      const controller = new AbortController();
      // The abort follows the first poll, so it lands in the 60 s sleep after it, however slow the machine:
      // only an abort that works ends the wait before the test times out.
      const error = await rejection(
        leap.runs.wait("rnp_abort", {
          signal: controller.signal,
          initialInterval: 60_000,
          maxInterval: 60_000,
          onPoll: () => controller.abort(),
        }),
      );
      expect(APIUserAbortError.isInstance(error)).toBe(true);
      // Counted by id: a poll of an earlier test that reaches the server late must not count here.
      expect(server.requests.filter((request) => request.url.endsWith("/rnp_abort"))).toHaveLength(1);
    });

    test("runs.wait() rejects on a 404 instead of polling forever", async () => {
      server.handle(() => ({ status: 404, body: { error: { type: "not_found", message: "no run rnp_9" } } }));
      expect(NotFoundError.isInstance(await rejection(leap.runs.wait("rnp_9", { initialInterval: 5 })))).toBe(
        true,
      );
    });

    test("runAndWait() starts a run and resolves when it is final", async () => {
      server.handle((request) =>
        request.method === "POST"
          ? { status: 201, body: fakeRun() }
          : { body: fakeRun({ status: "completed", output: { ok: true } }) },
      );
      const run = await leap.runAndWait({ workflow_id: "wkf_123" }, { initialInterval: 5 });
      expect(run.output).toEqual({ ok: true });
      expect(server.requests.map((request) => request.method)).toEqual(["POST", "GET"]);
    });

    test("bulkRuns create, retrieve and wait", async () => {
      let polls = 0;
      server.handle((request) => {
        if (request.method === "POST") return { status: 201, body: fakeBulkRun() };
        polls++;
        return {
          body:
            polls < 2
              ? fakeBulkRun()
              : fakeBulkRun({ status: "completed", row_count: 3, output_csv_url: "https://x.test/out.csv" }),
        };
      });
      const bulk = await leap.bulkRuns.create({
        workflow_id: "wkf_123",
        input_csv_url: "https://example.test/in.csv",
      });
      expect(JSON.parse(server.requests[0]?.body ?? "")).toEqual({
        workflow_id: "wkf_123",
        input_csv_url: "https://example.test/in.csv",
      });
      expect(server.requests[0]?.headers["idempotency-key"]).toBeTruthy();
      const done = await leap.bulkRuns.wait(bulk.id, { initialInterval: 5 });
      expect(done).toMatchObject({ status: "completed", row_count: 3 });
      expect(server.requests.at(-1)?.url).toBe(`/v1/runs/bulk/${bulk.id}`);
    });

    test("the API key never shows in inspect, JSON or errors", async () => {
      expect(inspect(leap, { depth: 10, showHidden: true })).not.toContain(API_KEY);
      expect(JSON.stringify(leap)).not.toContain(API_KEY);
      server.handle(() => ({ status: 401, body: { error: { type: "unauthorized", message: "bad key" } } }));
      const error = await rejection(leap.runs.retrieve("rnp_1"));
      expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(API_KEY);
      expect(JSON.stringify(error)).not.toContain(API_KEY);
    });

    test("a missing API key or a bad option is a ConfigurationError at construction", () => {
      const saved = process.env.LEAP_API_KEY;
      delete process.env.LEAP_API_KEY;
      try {
        let error: unknown;
        try {
          createClient({ baseUrl: server.url });
        } catch (caught) {
          error = caught;
        }
        expect(ConfigurationError.isInstance(error)).toBe(true);
        expect(() => createClient({ apiKey: "k", baseUrl: "localhost:3000" })).toThrow(/baseUrl/);
        expect(() => createClient({ apiKey: "k", timeout: -1 })).toThrow(/timeout/);
      } finally {
        if (saved !== undefined) process.env.LEAP_API_KEY = saved;
      }
    });

    test("the API key is read from LEAP_API_KEY", async () => {
      const saved = process.env.LEAP_API_KEY;
      process.env.LEAP_API_KEY = "sk_from_env";
      try {
        server.handle(() => ({ body: fakeRun() }));
        await createClient({ baseUrl: server.url }).runs.retrieve("rnp_1");
        expect(server.requests[0]?.headers["x-api-key"]).toBe("sk_from_env");
      } finally {
        if (saved === undefined) delete process.env.LEAP_API_KEY;
        else process.env.LEAP_API_KEY = saved;
      }
    });
    securitySuite(createClient);
  });
}

/** A node:http server on 127.0.0.1 that counts what reaches it; the handler answers. */
async function startCountingServer(handler: (request: IncomingMessage, response: ServerResponse) => void) {
  const seen: { method: string; url: string; headers: Record<string, unknown> }[] = [];
  const server = createServer((request, response) => {
    seen.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers });
    request.resume();
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Attacks on the client, each test named after one: redirects that would carry the key away, huge answers,
 * options that switch protections off, ids that change the path, secrets that leak into text.
 */
function securitySuite(createClient: (options: WorkflowsOptions) => SuiteClient): void {
  describe("security", () => {
    let server: FixtureServer;
    let elsewhere: FixtureServer;
    beforeAll(async () => {
      [server, elsewhere] = await Promise.all([startFixtureServer(), startFixtureServer()]);
    });
    afterAll(async () => {
      await Promise.all([server.close(), elsewhere.close()]);
    });
    beforeEach(() => {
      server.requests.length = 0;
      elsewhere.requests.length = 0;
      elsewhere.handle(() => ({ body: fakeRun() }));
    });

    const redirects = [301, 302, 303, 307, 308].flatMap((status) => [
      [status, "another origin"] as const,
      [status, "the same origin"] as const,
    ]);
    test.each(redirects)(
      "a %i to %s does not send the API key or the body there: a RedirectError naming status and Location, not retried",
      async (status, target) => {
        const location = `${target === "another origin" ? elsewhere.url : server.url}/v1/runs?stolen=1`;
        server.handle(() => ({ status, headers: { location }, body: "" }));
        const leap = createClient({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 2 });
        const error = (await rejection(
          leap.run({ workflow_id: "wkf_secret_body", inputs: { card: "4242" } }),
        )) as RedirectError;
        expect(RedirectError.isInstance(error), String(error)).toBe(true);
        expect(APIError.isInstance(error)).toBe(true);
        expect(error.status).toBe(status);
        expect(error.location).toBe(location);
        expect(error.message).toContain(String(status));
        expect(error.message).toContain(location);
        expect(error.message).not.toContain(API_KEY);
        // One request, to baseUrl, and nothing anywhere else: no retry, no follow.
        expect(server.requests).toHaveLength(1);
        expect(elsewhere.requests).toHaveLength(0);
      },
    );

    test("a redirect while waiting ends the wait with a RedirectError instead of polling elsewhere", async () => {
      server.handle(() => ({ status: 307, headers: { location: `${elsewhere.url}/v1/runs/rnp_1` } }));
      const leap = createClient({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 2 });
      const error = await rejection(leap.runs.wait("rnp_1", { initialInterval: 5 }));
      expect(RedirectError.isInstance(error)).toBe(true);
      expect(server.requests).toHaveLength(1);
      expect(elsewhere.requests).toHaveLength(0);
    });

    test("a response far larger than maxResponseBytes stops downloading at the cap and is not retried", async () => {
      const total = 64 * 1024 * 1024;
      let written = 0;
      let closed!: () => void;
      const connectionClosed = new Promise<void>((resolve) => {
        closed = resolve;
      });
      const flood = await startCountingServer((_, response) => {
        response.writeHead(200, { "content-type": "application/json" });
        let stopped = false;
        response.on("close", () => {
          stopped = true;
          closed();
        });
        const chunk = new Uint8Array(64 * 1024).fill(0x20);
        const pump = () => {
          while (!stopped && written < total) {
            written += chunk.length;
            if (!response.write(chunk)) {
              response.once("drain", pump);
              return;
            }
          }
          if (!stopped) response.end();
        };
        pump();
      });
      try {
        const leap = createClient({ apiKey: API_KEY, baseUrl: flood.url, maxRetries: 2 });
        const error = (await rejection(
          leap.runs.retrieve("rnp_1", { maxResponseBytes: 256 * 1024 }),
        )) as ResponseTooLargeError;
        expect(ResponseTooLargeError.isInstance(error), String(error)).toBe(true);
        expect(error.maxResponseBytes).toBe(256 * 1024);
        expect(error.message).toMatch(/maxResponseBytes/);
        await connectionClosed;
        expect(written).toBeLessThan(total);
        expect(flood.seen).toHaveLength(1);
      } finally {
        await flood.close();
      }
    });

    test("a response declaring a Content-Length over the cap is refused before its body is read", async () => {
      const liar = await startCountingServer((_, response) => {
        response.writeHead(200, { "content-type": "application/json", "content-length": String(2 ** 40) });
        response.write("{");
      });
      try {
        const leap = createClient({ apiKey: API_KEY, baseUrl: liar.url, maxRetries: 2 });
        const error = await rejection(leap.runs.retrieve("rnp_1"));
        expect(ResponseTooLargeError.isInstance(error), String(error)).toBe(true);
        expect((error as ResponseTooLargeError).maxResponseBytes).toBe(10 * 1024 * 1024);
        expect(liar.seen).toHaveLength(1);
      } finally {
        await liar.close();
      }
    });

    test("maxResponseBytes applies per client and per call; a body within it is read", async () => {
      server.handle(() => ({ body: fakeRun() }));
      const size = JSON.stringify(fakeRun()).length;
      const small = createClient({ apiKey: API_KEY, baseUrl: server.url, maxResponseBytes: size - 1 });
      expect(ResponseTooLargeError.isInstance(await rejection(small.runs.retrieve("rnp_1")))).toBe(true);
      expect((await small.runs.retrieve("rnp_1", { maxResponseBytes: size })).id).toBe("rnp_x3p27VQk6MyJfLe");
    });

    const constructorOptions: [string, unknown][] = [
      ["timeout", Number.NaN],
      ["timeout", -1],
      ["timeout", Number.POSITIVE_INFINITY],
      ["timeout", "5000"],
      ["maxRetries", Number.NaN],
      ["maxRetries", -1],
      ["maxRetries", 1.5],
      ["maxRetries", Number.POSITIVE_INFINITY],
      ["maxResponseBytes", Number.NaN],
      ["maxResponseBytes", 0],
      ["maxResponseBytes", 1.5],
      ["maxResponseBytes", -1],
      ["maxResponseBytes", Number.POSITIVE_INFINITY],
    ];
    test.each(constructorOptions)(
      "option %s: %s cannot switch a protection off: a ConfigurationError naming it, at construction and per call",
      async (name, value) => {
        let error: unknown;
        try {
          createClient({ apiKey: API_KEY, baseUrl: server.url, [name]: value });
        } catch (caught) {
          error = caught;
        }
        expect(ConfigurationError.isInstance(error), String(error)).toBe(true);
        expect((error as ConfigurationError).message).toContain(name);
        expect((error as ConfigurationError).message).toContain("expected");
        const leap = createClient({ apiKey: API_KEY, baseUrl: server.url });
        const perCall = await rejection(leap.runs.retrieve("rnp_1", { [name]: value }));
        expect(ConfigurationError.isInstance(perCall), String(perCall)).toBe(true);
        expect((perCall as ConfigurationError).issues.map((issue) => issue.path)).toEqual([name]);
        expect(server.requests).toHaveLength(0);
      },
    );

    const waitOptions: [string, unknown][] = [
      ["timeout", Number.NaN],
      ["timeout", -1],
      ["requestTimeout", Number.POSITIVE_INFINITY],
      ["requestTimeout", Number.NaN],
      ["initialInterval", 0],
      ["initialInterval", Number.POSITIVE_INFINITY],
      ["maxInterval", Number.NaN],
      ["maxRetries", 1.5],
      ["maxResponseBytes", 0],
    ];
    test.each(waitOptions)(
      "wait option %s: %s is a ConfigurationError naming it, and nothing is sent",
      async (name, value) => {
        const leap = createClient({ apiKey: API_KEY, baseUrl: server.url });
        const error = await rejection(leap.runs.wait("rnp_1", { [name]: value }));
        expect(ConfigurationError.isInstance(error), String(error)).toBe(true);
        expect((error as ConfigurationError).issues.map((issue) => issue.path)).toEqual([name]);
        expect(server.requests).toHaveLength(0);
      },
    );

    test("a wait's timeout may be Infinity (documented: no limit)", async () => {
      server.handle(() => ({ body: fakeRun({ status: "completed" }) }));
      const leap = createClient({ apiKey: API_KEY, baseUrl: server.url });
      const run = await leap.runs.wait("rnp_1", { timeout: Number.POSITIVE_INFINITY });
      expect(run.status).toBe("completed");
    });

    const pathChangingIds = [
      "",
      ".",
      "..",
      "../..",
      "a/b",
      "a?b=1",
      "a#b",
      "a%2Fb",
      "a\\b",
      " rnp_1",
      "rnp_1\n",
      "rnp\u0000",
      "rnp\u0085",
    ];
    test.each(pathChangingIds)(
      "an id of %j cannot change the request's path: a ValidationError naming the id, and nothing is sent",
      async (id) => {
        server.handle(() => ({ body: fakeRun() }));
        const leap = createClient({ apiKey: API_KEY, baseUrl: server.url });
        for (const [call, what] of [
          [() => leap.runs.retrieve(id), "run id"],
          [() => leap.runs.wait(id), "run id"],
          [() => leap.bulkRuns.retrieve(id), "bulk run id"],
          [() => leap.bulkRuns.wait(id), "bulk run id"],
        ] as const) {
          const error = await rejection(call());
          expect(ValidationError.isInstance(error), String(error)).toBe(true);
          expect((error as Error).message).toContain(what);
        }
        expect(server.requests).toHaveLength(0);
      },
    );

    test.each([
      ["a NUL", "sk_live_hidden\u0000"],
      ["a CR", "sk_live_hidden\r"],
      ["a line break", "sk_live_hidden\r\nx-evil: 1"],
      ["a non-ByteString character", "sk_live_hidden\u2028"],
    ])(
      "an API key with %s is a ConfigurationError at construction that does not quote the key",
      (_, apiKey) => {
        let error: unknown;
        try {
          createClient({ apiKey, baseUrl: server.url });
        } catch (caught) {
          error = caught;
        }
        expect(ConfigurationError.isInstance(error), String(error)).toBe(true);
        expect((error as Error).message).toMatch(/apiKey/);
        expect(inspect(error, { depth: 10, showHidden: true })).not.toContain("sk_live_hidden");
      },
    );

    test("a header value with a line break is refused naming the header, never quoting the value", async () => {
      const token = "tok_hidden_9d2";
      expect(() =>
        createClient({
          apiKey: API_KEY,
          baseUrl: server.url,
          headers: { "x-token": `${token}\r\nx-evil: 1` },
        }),
      ).toThrow(/x-token/);
      let error: unknown;
      try {
        createClient({ apiKey: API_KEY, baseUrl: server.url, headers: { "x-token": `${token}\n` } });
      } catch (caught) {
        error = caught;
      }
      expect(ConfigurationError.isInstance(error)).toBe(true);
      expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(token);
      const leap = createClient({ apiKey: API_KEY, baseUrl: server.url });
      const perCall = await rejection(
        leap.runs.retrieve("rnp_1", { headers: { "x-token": `${token}\u0000` } }),
      );
      expect(ConfigurationError.isInstance(perCall)).toBe(true);
      expect(inspect(perCall, { depth: 10, showHidden: true })).not.toContain(token);
      const badKey = await rejection(
        leap.run({ workflow_id: "wkf_1" }, { idempotencyKey: "order-1\r\nx-evil: 1" }),
      );
      expect(ConfigurationError.isInstance(badKey)).toBe(true);
      expect((badKey as Error).message).toContain("idempotency-key");
      expect(server.requests).toHaveLength(0);
    });

    // Spellings the URL parser forgives (leading space, one slash, none, a backslash, a tab or line break in
    // the scheme) must not slip the value into the message either: a refused baseUrl is never quoted.
    test.each([
      ["user:password@", "http://leapuser:pa55w0rd@127.0.0.1:9", /credentials/],
      ["user:password@ on https", "https://leapuser:pa55w0rd@api.example", /credentials/],
      ["no host", "https://leapuser:pa55w0rd@", /does not parse as a URL/],
      ["a leading space", " https://leapuser:pa55w0rd@api.example.com", /whitespace.* at index 0/],
      ["one slash", "https:/leapuser:pa55w0rd@api.example.com", /credentials/],
      ["no slash", "http:leapuser:pa55w0rd@api.example.com", /credentials/],
      ["a backslash", "https:\\\\leapuser:pa55w0rd@api.example.com", /backslash at index 6/],
      [
        "a tab in the scheme",
        "ht\ttps://leapuser:pa55w0rd@api.example.com",
        /control character .* at index 2/,
      ],
      ["a line break", "https://leapuser:pa55w0rd@api.example.com\n", /line break|control character/],
      ["a token in the query", "https://api.example.com/?token=leapuser-pa55w0rd", /query/],
      ["another scheme", "ftp://leapuser-pa55w0rd.example.com", /http:\/\/ or https:\/\//],
    ])(
      "a baseUrl with %s is refused; the message says what is wrong and does not repeat it",
      (_, baseUrl, why) => {
        for (const fromEnv of [false, true]) {
          const saved = process.env.LEAP_BASE_URL;
          if (fromEnv) process.env.LEAP_BASE_URL = baseUrl;
          let error: unknown;
          try {
            createClient(fromEnv ? { apiKey: API_KEY } : { apiKey: API_KEY, baseUrl });
          } catch (caught) {
            error = caught;
          } finally {
            if (saved === undefined) delete process.env.LEAP_BASE_URL;
            else process.env.LEAP_BASE_URL = saved;
          }
          expect(ConfigurationError.isInstance(error), String(error)).toBe(true);
          expect((error as Error).message).toMatch(
            fromEnv ? /^baseUrl \(from LEAP_BASE_URL\): / : /^baseUrl: /,
          );
          expect((error as Error).message).toMatch(why);
          const shown = inspect(error, { depth: 10, showHidden: true });
          expect(shown).not.toContain("pa55w0rd");
          expect(shown).not.toContain("leapuser");
        }
      },
    );

    test("the API key shows in neither inspect nor JSON of connection errors and redirects", async () => {
      const closed = await startCountingServer(() => {});
      const url = closed.url;
      await closed.close();
      const refused = await rejection(
        createClient({ apiKey: API_KEY, baseUrl: url, maxRetries: 0 }).runs.retrieve("rnp_1"),
      );
      server.handle(() => ({ status: 302, headers: { location: `${elsewhere.url}/` } }));
      const redirected = await rejection(
        createClient({ apiKey: API_KEY, baseUrl: server.url }).runs.retrieve("rnp_1"),
      );
      for (const error of [refused, redirected]) {
        expect(LeapError.isInstance(error), String(error)).toBe(true);
        expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(API_KEY);
        expect(JSON.stringify(error)).not.toContain(API_KEY);
      }
    });

    test("the debug logger shows only known-safe header values: a custom token header is [redacted]", async () => {
      server.handle(() => ({ status: 201, body: fakeRun() }));
      const lines: unknown[] = [];
      const logger = {
        debug: (...args: unknown[]) => lines.push(args),
        warn: (...args: unknown[]) => lines.push(args),
      };
      const leap = createClient({
        apiKey: API_KEY,
        baseUrl: server.url,
        logger,
        headers: { "x-custom-token": "tok_custom_31f", authorization: "Bearer tok_bearer_77" },
      });
      await leap.run({ workflow_id: "wkf_1" }, { headers: { "x-session": "sess_5a1" } });
      const logged = JSON.stringify(lines);
      for (const secret of [API_KEY, "tok_custom_31f", "tok_bearer_77", "sess_5a1"]) {
        expect(logged).not.toContain(secret);
      }
      const request = (lines as [string, { headers?: Record<string, string> }][]).find(
        ([message]) => message === "request",
      );
      expect(request?.[1].headers).toMatchObject({
        "x-custom-token": "[redacted]",
        "x-api-key": "[redacted]",
        "content-type": "application/json",
        accept: "application/json",
      });
      expect(request?.[1].headers?.["idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/);
    });
  });
}
