import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A strict model of Leap's API, built from one of its documents: it reads the run's inputs from one
 * field only (`input`, as the published schema and the official SDK name it, or `inputs`, as the docs
 * page does), ignores fields it does not know, and answers as the published schema describes: 200 on
 * creates, nullable fields null until set, `bulk_…` ids, `row_count` a number, a 401 with no body. Every
 * answer also carries a field no SDK knows yet (`cost_usd`), which a client must keep.
 */
export interface ModelServer {
  url: string;
  /** Every request's method, path and parsed body. */
  requests: { method: string; path: string; body: unknown }[];
  close: () => Promise<void>;
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const randomId = (prefix: string, length: number) =>
  `${prefix}_${[...randomBytes(length)].map((byte) => ALPHABET[byte % ALPHABET.length]).join("")}`;

interface Stored {
  body: Record<string, unknown>;
  polls: number;
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text === "" ? undefined : JSON.parse(text);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export async function startModelServer(options: { reads: "input" | "inputs"; apiKey: string }) {
  const runs = new Map<string, Stored>();
  const bulkRuns = new Map<string, Stored>();
  const requests: ModelServer["requests"] = [];

  const send = (response: ServerResponse, status: number, body?: unknown) => {
    if (body === undefined) response.writeHead(status).end();
    else
      response
        .writeHead(status, { "content-type": "application/json" })
        .end(JSON.stringify({ ...(body as object), cost_usd: 0.0042 }));
  };

  // Each read moves a run one step: queued, then running, then completed (as a real run moves on).
  const advanceRun = (stored: Stored) => {
    stored.polls++;
    const now = new Date().toISOString();
    if (stored.polls === 1) Object.assign(stored.body, { status: "running", started_at: now });
    if (stored.polls === 2)
      Object.assign(stored.body, { status: "completed", ended_at: now, output: { echo: stored.body.input } });
  };
  const advanceBulk = (stored: Stored) => {
    stored.polls++;
    if (stored.polls === 1) Object.assign(stored.body, { status: "running", row_count: 3 });
    if (stored.polls === 2)
      Object.assign(stored.body, { status: "completed", output_csv_url: "https://leap.test/output.csv" });
  };

  const server = createServer((request, response) => {
    void (async () => {
      const path = (request.url ?? "/").split("?")[0] ?? "/";
      const method = request.method ?? "GET";
      const body = method === "POST" ? await readJson(request) : undefined;
      requests.push({ method, path, body });
      // Published schema: security api_key (X-Api-Key); the 401 has no body.
      if (request.headers["x-api-key"] !== options.apiKey) return send(response, 401);
      if (method === "POST" && (path === "/v1/runs" || path === "/v1/runs/bulk")) {
        if (!(request.headers["content-type"] ?? "").startsWith("application/json") || !isObject(body))
          return send(response, 400);
        if (typeof body.workflow_id !== "string") return send(response, 400);
        const now = new Date().toISOString();
        if (path === "/v1/runs") {
          const inputs = body[options.reads];
          if (inputs !== undefined && !isObject(inputs)) return send(response, 400);
          const run = {
            id: randomId("rnp", 15),
            version_id: "vsp_model",
            status: "queued",
            created_at: now,
            started_at: null,
            ended_at: null,
            workflow_id: body.workflow_id,
            error: null,
            input: inputs ?? null,
            output: null,
          };
          runs.set(run.id, { body: run, polls: 0 });
          return send(response, 200, run);
        }
        if (typeof body.input_csv_url !== "string") return send(response, 400);
        const bulk = {
          id: randomId("bulk", 24),
          version_id: "vsp_model",
          status: "queued",
          created_at: now,
          workflow_id: body.workflow_id,
          input_csv_url: body.input_csv_url,
          output_csv_url: null,
          error: null,
          row_count: 0,
        };
        bulkRuns.set(bulk.id, { body: bulk, polls: 0 });
        return send(response, 200, bulk);
      }
      if (method === "GET") {
        const bulkMatch = /^\/v1\/runs\/bulk\/([^/]+)$/.exec(path);
        const runMatch = /^\/v1\/runs\/([^/]+)$/.exec(path);
        if (bulkMatch) {
          const stored = bulkRuns.get(decodeURIComponent(bulkMatch[1] ?? ""));
          if (!stored) return send(response, 404);
          advanceBulk(stored);
          return send(response, 200, stored.body);
        }
        if (runMatch) {
          const stored = runs.get(decodeURIComponent(runMatch[1] ?? ""));
          if (!stored) return send(response, 404);
          advanceRun(stored);
          return send(response, 200, stored.body);
        }
      }
      send(response, 404);
    })().catch(() => send(response, 400));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  } satisfies ModelServer;
}
