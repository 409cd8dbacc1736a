import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the fixture server saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What a route answers; `body` objects are sent as JSON. */
export interface FixtureReply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export type FixtureHandler = (request: SeenRequest) => FixtureReply | Promise<FixtureReply>;

/** A real node:http server on 127.0.0.1 whose answers each test scripts, and which records every request. */
export interface FixtureServer {
  url: string;
  requests: SeenRequest[];
  /** Replaces the handler; the default answers 404. */
  handle(handler: FixtureHandler): void;
  close(): Promise<void>;
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const requests: SeenRequest[] = [];
  let handler: FixtureHandler = () => ({
    status: 404,
    body: { error: { type: "not_found", message: "no route" } },
  });
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      // The client went away mid-request (an abort or timeout test): nobody is left to answer. Unhandled,
      // this rejection would end the whole run on Deno.
      return;
    }
    const seen: SeenRequest = {
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body: Buffer.concat(chunks).toString("utf8"),
    };
    requests.push(seen);
    try {
      const reply = await handler(seen);
      const body = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body ?? null);
      res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
      res.end(body);
    } catch (error) {
      res.writeHead(599).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    handle(next) {
      handler = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A complete Workflow Run object as the contract describes it. */
export function fakeRun(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "rnp_x3p27VQk6MyJfLe",
    version_id: "vsp_1",
    status: "running",
    created_at: "2026-11-28T12:00:00.000Z",
    started_at: "2026-11-28T12:00:00.100Z",
    ended_at: null,
    workflow_id: "wkf_123",
    error: null,
    input: { foo: "bar" },
    output: null,
    ...overrides,
  };
}

/** A complete bulk run object. */
export function fakeBulkRun(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "bulk_9Nmenl7rxIu2FiSsnqNyTe9G",
    version_id: "vsp_1",
    status: "running",
    created_at: "2026-11-28T12:00:00.000Z",
    workflow_id: "wkf_123",
    input_csv_url: "https://example.test/in.csv",
    output_csv_url: null,
    error: null,
    row_count: 0,
    ...overrides,
  };
}

/**
 * A bulk run with its `output_csv_url` query (`expires=…&signature=…`) left out: the dev server signs the link
 * afresh on every read with an expiry in whole seconds, so two reads either side of a second differ only there.
 */
export function withoutLinkSignature<T extends { output_csv_url?: unknown }>(bulkRun: T): T {
  const url = bulkRun.output_csv_url;
  return { ...bulkRun, output_csv_url: typeof url === "string" ? url.split("?")[0] : url };
}
