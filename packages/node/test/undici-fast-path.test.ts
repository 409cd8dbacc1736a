import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import {
  APITimeoutError,
  APIUserAbortError,
  InvalidResponseError,
  ResponseTooLargeError,
  Workflows,
} from "../src/index";

// Bodies that declare a Content-Length are read whole by undici (the fast path), and the client's deadline
// reaches undici as an emitter instead of an AbortSignal: timeouts, aborts and the cap must hold there too.

const RUN = JSON.stringify({
  id: "rnp_1",
  version_id: "vsp_1",
  status: "completed",
  created_at: "2026-11-28T12:00:00.000Z",
  started_at: null,
  ended_at: null,
  workflow_id: "wkf_1",
  error: null,
  input: {},
  output: null,
});

const servers: ReturnType<typeof createServer>[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

async function serve(handler: (response: ServerResponse) => void): Promise<string> {
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => handler(response));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
}

/** Headers declaring the whole run's length, then half of it, then nothing. */
const stallAfterHalf = (response: ServerResponse) => {
  response.writeHead(200, { "content-type": "application/json", "content-length": String(RUN.length) });
  response.write(RUN.slice(0, RUN.length / 2));
};

describe("undici transport, Content-Length bodies and the deadline", () => {
  test("a body with a Content-Length is read and validated", async () => {
    const baseUrl = await serve((response) => {
      response.writeHead(200, { "content-type": "application/json", "content-length": String(RUN.length) });
      response.end(RUN);
    });
    const leap = new Workflows({ apiKey: "k", baseUrl, maxRetries: 0 });
    expect((await leap.runs.retrieve("rnp_1")).id).toBe("rnp_1");
  });

  test("a Content-Length body that stalls past the timeout is an APITimeoutError", async () => {
    const baseUrl = await serve(stallAfterHalf);
    const leap = new Workflows({ apiKey: "k", baseUrl, timeout: 100, maxRetries: 0 });
    expect(APITimeoutError.isInstance(await rejection(leap.runs.retrieve("rnp_1")))).toBe(true);
  });

  test("headers that never come are an APITimeoutError", async () => {
    const baseUrl = await serve(() => {});
    const leap = new Workflows({ apiKey: "k", baseUrl, timeout: 100, maxRetries: 0 });
    expect(APITimeoutError.isInstance(await rejection(leap.runs.retrieve("rnp_1")))).toBe(true);
  });

  test.each([
    ["while a Content-Length body is read", stallAfterHalf],
    ["before the headers come", () => {}],
  ])("an abort %s is an APIUserAbortError carrying the reason", async (_, handler) => {
    const baseUrl = await serve(handler);
    const leap = new Workflows({ apiKey: "k", baseUrl, maxRetries: 2 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("stop")), 50);
    const error = (await rejection(leap.runs.retrieve("rnp_1", { signal: controller.signal }))) as Error;
    expect(APIUserAbortError.isInstance(error), String(error)).toBe(true);
    expect((error.cause as Error).message).toBe("stop");
  });

  test("a Content-Length body within the cap but over a per-call cap is refused unread", async () => {
    const baseUrl = await serve((response) => {
      response.writeHead(200, { "content-type": "application/json", "content-length": String(RUN.length) });
      response.end(RUN);
    });
    const leap = new Workflows({ apiKey: "k", baseUrl, maxRetries: 0 });
    const error = await rejection(leap.runs.retrieve("rnp_1", { maxResponseBytes: RUN.length - 1 }));
    expect(ResponseTooLargeError.isInstance(error)).toBe(true);
  });

  test("headers are still there for errors (built on first use)", async () => {
    const baseUrl = await serve((response) => {
      response.writeHead(200, { "content-type": "application/json", "x-request-id": "req_7" });
      response.end('{"id":1}');
    });
    const leap = new Workflows({ apiKey: "k", baseUrl, maxRetries: 0 });
    const error = (await rejection(leap.runs.retrieve("rnp_1"))) as InvalidResponseError;
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    expect(error.requestId).toBe("req_7");
  });
});
