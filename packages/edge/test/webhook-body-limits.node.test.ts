import { createServer, type Server } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { Readable } from "node:stream";
import { fetchBodyLimitTests } from "@leap-workflows/test-kit/fetch-body-limits-suite";
import { afterEach, describe, expect, test } from "vitest";
import { generateWebhookSecret, webhookHandler } from "../src/index";

describe("edge webhookHandler body limits (Node)", () => fetchBodyLimitTests(webhookHandler));

let server: Server | undefined;
afterEach(
  () =>
    new Promise<void>((resolve) => {
      server?.closeAllConnections();
      server ? server.close(() => resolve()) : resolve();
    }),
);

/** Serves a `Request -> Response` handler on 127.0.0.1, streaming the upload into the Request as it arrives. */
async function serveFetchHandler(handle: (request: Request) => Promise<Response>): Promise<number> {
  server = createServer(async (incoming, outgoing) => {
    const request = new Request(`http://127.0.0.1${incoming.url}`, {
      method: incoming.method,
      headers: incoming.headers as Record<string, string>,
      body: Readable.toWeb(incoming) as ReadableStream<Uint8Array>,
      duplex: "half",
    } as RequestInit);
    const response = await handle(request);
    outgoing.writeHead(response.status, { connection: "close", ...Object.fromEntries(response.headers) });
    outgoing.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

/** Sends a request head and then `first`, never finishing the body; resolves with the answer's status line. */
function neverFinish(port: number, head: string, first: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("error", reject);
    socket.once("data", (data) => {
      socket.destroy();
      resolve(data.toString("latin1").split("\r\n")[0] ?? "");
    });
    socket.write(
      `POST /api/leap HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\n${head}\r\n${first}`,
    );
  });
}

describe("edge webhookHandler behind a real server on 127.0.0.1", () => {
  const secret = generateWebhookSecret();

  test("a slow-loris client that never finishes its body gets 408", async () => {
    const port = await serveFetchHandler(webhookHandler(secret, () => {}, { bodyTimeoutMs: 100 }));
    expect(await neverFinish(port, "content-length: 1000\r\n", "{")).toBe("HTTP/1.1 408 Request Timeout");
  });

  test("a chunked upload that never ends is answered 413 once it passes maxBodyBytes", async () => {
    const port = await serveFetchHandler(webhookHandler(secret, () => {}, { maxBodyBytes: 1024 }));
    const chunk = `800\r\n${"x".repeat(0x800)}\r\n`;
    expect(await neverFinish(port, "transfer-encoding: chunked\r\n", chunk)).toBe(
      "HTTP/1.1 413 Payload Too Large",
    );
  });
});
