import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { OnRun, WebhookHandlerOptions } from "@leap-workflows/core";
import { webhookHandler as edgeHandler } from "@leap-workflows/edge";
import { webhookFetchHandler as nodeFetchHandler, webhookHandler as nodeHandler } from "@leap-workflows/node";

/** A request as the sender makes it. */
export interface Sent {
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** What came back, with the headers a receiver's behaviour depends on. */
export interface Received {
  status: number;
  contentType: string | null;
  allow: string | null;
  body: unknown;
}

/** A running handler: send it requests, then close it. */
interface Receiver {
  send(sent: Sent): Promise<Received>;
  close(): Promise<void>;
}

/** One runtime's handler of one shape, served the way that runtime serves it. */
export interface HandlerRuntime {
  name: "node" | "node-fetch" | "edge";
  serve(secret: string | null, onRun: OnRun, options: WebhookHandlerOptions): Promise<Receiver>;
}

// A server sends no body with a HEAD answer; a handler called directly may build one, which nobody would see.
async function received(response: Response, sent: Sent): Promise<Received> {
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    allow: response.headers.get("allow"),
    body: sent.method === "HEAD" || text === "" ? null : JSON.parse(text),
  };
}

/** node's handler behind a real node:http server on 127.0.0.1 (ephemeral port), reached with fetch. */
export const nodeRuntime: HandlerRuntime = {
  name: "node",
  async serve(secret, onRun, options) {
    const server = createServer(nodeHandler(secret, onRun, options));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/leap`;
    return {
      send: async (sent) => received(await fetch(url, sent), sent),
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  },
};

/** A `Request -> Response` handler called with a Fetch Request, as a Worker or a Next.js route would. */
function fetchReceiver(handle: (request: Request) => Promise<Response>): Receiver {
  return {
    send: async (sent) => received(await handle(new Request("http://receiver.test/hooks/leap", sent)), sent),
    close: async () => {},
  };
}

/** node's `webhookFetchHandler`, for Next.js routes on the Node.js runtime and Hono. */
export const nodeFetchRuntime: HandlerRuntime = {
  name: "node-fetch",
  serve: async (secret, onRun, options) => fetchReceiver(nodeFetchHandler(secret, onRun, options)),
};

/** edge's `webhookHandler`. */
export const edgeRuntime: HandlerRuntime = {
  name: "edge",
  serve: async (secret, onRun, options) => fetchReceiver(edgeHandler(secret, onRun, options)),
};
