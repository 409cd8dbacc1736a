import { createServer, type Server } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { ConfigurationError, generateWebhookSecret, webhookHandler } from "../src/index";

const secret = generateWebhookSecret();
let server: Server | undefined;
afterEach(
  () =>
    new Promise<void>((resolve) => {
      server?.closeAllConnections();
      server ? server.close(() => resolve()) : resolve();
    }),
);

async function listen(handler: ReturnType<typeof webhookHandler>): Promise<number> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

/**
 * A raw client: sends the request head, then `body` chunks while `more()` says so (never ending the body),
 * and resolves with the status line of whatever the server answers.
 */
function rawPost(port: number, head: string, more: (sent: number) => string | undefined) {
  return new Promise<{ statusLine: string; sent: number }>((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let sent = 0;
    let answered = false;
    socket.once("error", (error) => (answered ? undefined : reject(error)));
    socket.once("data", (data) => {
      answered = true;
      socket.destroy();
      resolve({ statusLine: data.toString("latin1").split("\r\n")[0] ?? "", sent });
    });
    socket.write(`POST /hooks HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\n${head}\r\n`);
    const pump = () => {
      while (!answered) {
        const chunk = more(sent);
        if (chunk === undefined) return;
        sent += chunk.length;
        if (!socket.write(chunk)) return void socket.once("drain", pump);
      }
    };
    pump();
  });
}

describe("node webhookHandler body limits", () => {
  test("a slow-loris client that never finishes its body gets 408 and the connection is closed", async () => {
    let calls = 0;
    const port = await listen(webhookHandler(secret, () => void calls++, { bodyTimeoutMs: 100 }));
    // Declares 1000 bytes, sends one, and then nothing: without a deadline the socket would stay open.
    const answer = await rawPost(port, "content-length: 1000\r\n", (sent) => (sent === 0 ? "{" : undefined));
    expect(answer.statusLine).toBe("HTTP/1.1 408 Request Timeout");
    expect(calls).toBe(0);
  });

  test("a streamed body of unbounded size is answered 413 as soon as it passes maxBodyBytes", async () => {
    const port = await listen(webhookHandler(secret, () => {}, { maxBodyBytes: 64 * 1024 }));
    const chunk = `4000\r\n${"x".repeat(0x4000)}\r\n`;
    const answer = await rawPost(port, "transfer-encoding: chunked\r\n", (sent) =>
      sent < 1024 ** 3 ? chunk : undefined,
    );
    expect(answer.statusLine).toBe("HTTP/1.1 413 Payload Too Large");
    expect(answer.sent).toBeLessThan(256 * 1024 ** 2);
  });

  test("options that would switch the limits off are refused, naming the option", () => {
    for (const [options, name] of [
      [{ bodyTimeoutMs: Number.NaN }, "bodyTimeoutMs"],
      [{ bodyTimeoutMs: -1 }, "bodyTimeoutMs"],
      [{ maxBodyBytes: Number.NaN }, "maxBodyBytes"],
      [{ maxBodyBytes: 1.5 }, "maxBodyBytes"],
    ] as const) {
      const error = (() => {
        try {
          webhookHandler(secret, () => {}, options);
        } catch (caught) {
          return caught;
        }
      })();
      expect(ConfigurationError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(name);
    }
  });
});
