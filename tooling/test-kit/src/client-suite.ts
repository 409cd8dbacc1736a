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
      expect(JSON.parse(request?.body ?? "")).toEqual({
        workflow_id: "wkf_123",
        inputs: { foo: "bar" },
        webhook_url: "https://hook.test/x",
      });
    });

    test("runs.retrieve() GETs the run by its URL-encoded id", async () => {
      server.handle(() => ({ body: fakeRun({ id: "rnp a/b" }) }));
      const run = await leap.runs.retrieve("rnp a/b");
      expect(run.id).toBe("rnp a/b");
      expect(server.requests[0]?.url).toBe("/v1/runs/rnp%20a%2Fb");
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
        [{ workflow_id: "wkf_1", input: { foo: 1 } }, "input"],
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
        leap.runs.wait("rnp_1", { timeout: 1_000, initialInterval: 10 }),
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
      expect(server.requests.at(-1)?.url).toBe("/v1/runs/bulk/bkr_1");
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
  });
}
