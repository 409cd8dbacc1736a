import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { fakeRun } from "@leap-workflows/test-kit/fixture-server";
import { afterEach, describe, expect, test } from "vitest";
import {
  APITimeoutError,
  APIUserAbortError,
  InvalidResponseError,
  ResponseTooLargeError,
  undiciTransport,
  Workflows,
} from "../src/index";

// The undici transport reads answers through undici's dispatch API, collecting the body itself (no stream), and
// the client's deadline reaches it as an emitter instead of an AbortSignal: timeouts, aborts, the cap and the
// decoding must hold there as they did through undici's `request`.

const RUN = JSON.stringify(fakeRun({ id: "rnp_1", status: "completed" }));

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

describe("undici transport: bodies, the cap and the deadline", () => {
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

  test("a chunked body is put together whole, a UTF-8 character split between chunks included", async () => {
    const bytes = Buffer.from(JSON.stringify({ ...JSON.parse(RUN), output: { text: "héllo – 😀" } }));
    const split = bytes.indexOf(Buffer.from("😀")) + 2;
    const baseUrl = await serve((response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write(bytes.subarray(0, 5));
      response.write(bytes.subarray(5, split));
      setTimeout(() => response.end(bytes.subarray(split)), 20);
    });
    const leap = new Workflows({ apiKey: "k", baseUrl, maxRetries: 0 });
    expect((await leap.runs.retrieve("rnp_1")).output).toEqual({ text: "héllo – 😀" });
  });

  test.each([
    ["with a Content-Length", true],
    ["chunked", false],
  ])(
    "a body %s of exactly maxResponseBytes is read; one byte less of cap is a ResponseTooLargeError",
    async (_, declared) => {
      const baseUrl = await serve((response) => {
        response.writeHead(200, {
          "content-type": "application/json",
          ...(declared ? { "content-length": String(RUN.length) } : {}),
        });
        response.write(RUN.slice(0, 10));
        response.end(RUN.slice(10));
      });
      const leap = new Workflows({ apiKey: "k", baseUrl, maxRetries: 2 });
      expect((await leap.runs.retrieve("rnp_1", { maxResponseBytes: RUN.length })).id).toBe("rnp_1");
      const error = await rejection(leap.runs.retrieve("rnp_1", { maxResponseBytes: RUN.length - 1 }));
      expect(ResponseTooLargeError.isInstance(error), String(error)).toBe(true);
    },
  );

  // The transport sends no Accept-Encoding and never inflates: the cap counts the bytes on the wire, and a
  // small compressed body that would inflate to far more than the cap stays small (and is not JSON).
  test("a gzip body is not inflated: it is an InvalidResponseError, not a body past the cap", async () => {
    const inflated = `{"pad":"${" ".repeat(8 * 1024 * 1024)}"}`;
    const compressed = gzipSync(inflated);
    const baseUrl = await serve((response) => {
      response.writeHead(200, {
        "content-type": "application/json",
        "content-encoding": "gzip",
        "content-length": String(compressed.length),
      });
      response.end(compressed);
    });
    const leap = new Workflows({ apiKey: "k", baseUrl, maxRetries: 0, maxResponseBytes: 64 * 1024 });
    const error = (await rejection(leap.runs.retrieve("rnp_1"))) as InvalidResponseError;
    expect(InvalidResponseError.isInstance(error), String(error)).toBe(true);
    expect(String(error.body).length).toBeLessThanOrEqual(compressed.length);
  });

  test.each([
    ["with a Content-Length", true],
    ["chunked", false],
  ])("a UTF-8 byte order mark before a body %s is not part of the text", async (_, declared) => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(RUN)]);
    const baseUrl = await serve((response) => {
      response.writeHead(200, {
        "content-type": "application/json",
        ...(declared ? { "content-length": String(body.length) } : {}),
      });
      response.end(body);
    });
    const leap = new Workflows({ apiKey: "k", baseUrl, maxRetries: 0 });
    expect((await leap.runs.retrieve("rnp_1")).id).toBe("rnp_1");
  });

  test("an informational 103 before the answer is skipped", async () => {
    const baseUrl = await serve((response) => {
      response.writeEarlyHints({ link: "</style.css>; rel=preload; as=style" });
      response.writeHead(200, { "content-type": "application/json", "content-length": String(RUN.length) });
      response.end(RUN);
    });
    const leap = new Workflows({ apiKey: "k", baseUrl, maxRetries: 0 });
    expect((await leap.runs.retrieve("rnp_1")).id).toBe("rnp_1");
  });

  // A caller may use the transport on its own, with an AbortSignal and no deadline.
  test.each([
    ["before the headers come", () => {}],
    ["while the body is read", stallAfterHalf],
  ])("undiciTransport() on its own honours an AbortSignal %s", async (_, handler) => {
    const baseUrl = await serve(handler);
    const transport = undiciTransport();
    const controller = new AbortController();
    const reason = new Error("stop");
    const answer = transport({
      method: "GET",
      url: `${baseUrl}/v1/runs/rnp_1`,
      headers: {},
      signal: controller.signal,
      maxResponseBytes: 1024,
    }).then((response) => response.text());
    setTimeout(() => controller.abort(reason), 50);
    expect(await rejection(answer)).toBe(reason);
  });
});
