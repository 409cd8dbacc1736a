import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiFailure } from "../api-failure";
import type { Engine } from "../engine";
import { readJsonObject } from "./read-body";
import { parseBulkRunRequest, parseRunRequest } from "./validate";

/** What the router needs besides the engine. */
export interface RouterOptions {
  engine: Engine;
  apiKeys: readonly string[];
  maxBodyBytes: number;
  workflowIds: () => string[];
}

type Handler = (
  request: IncomingMessage,
  params: string[],
) => Promise<{ status: number; body: unknown; type?: string }>;

interface Route {
  pattern: RegExp;
  methods: Partial<Record<string, Handler>>;
  /** Public routes need no API key (the output CSV is a shareable link, like a signed URL). */
  public?: boolean;
}

function idempotencyKey(request: IncomingMessage): string | undefined {
  const key = request.headers["idempotency-key"];
  if (key === undefined) return undefined;
  if (typeof key !== "string" || key === "" || key.length > 255) {
    throw new ApiFailure(400, "invalid_request", "Idempotency-Key must be 1 to 255 characters");
  }
  return key;
}

/** The API's routes, matched in order. */
function routes(options: RouterOptions): Route[] {
  const { engine, maxBodyBytes } = options;
  return [
    {
      pattern: /^\/v1\/runs\/bulk$/,
      methods: {
        POST: async (request) => {
          const key = idempotencyKey(request);
          const { bulk, replayed } = engine.createBulkRun(
            parseBulkRunRequest(await readJsonObject(request, maxBodyBytes)),
            key,
          );
          return { status: replayed ? 200 : 201, body: bulk };
        },
      },
    },
    {
      pattern: /^\/v1\/runs\/bulk\/([^/]+)\/output\.csv$/,
      public: true,
      methods: {
        GET: async (_, [id]) => ({
          status: 200,
          body: engine.outputCsv(id ?? ""),
          type: "text/csv; charset=utf-8",
        }),
      },
    },
    {
      pattern: /^\/v1\/runs\/bulk\/([^/]+)\/deliveries$/,
      methods: { GET: async (_, [id]) => ({ status: 200, body: { data: engine.deliveries(id ?? "") } }) },
    },
    {
      pattern: /^\/v1\/runs\/bulk\/([^/]+)$/,
      methods: { GET: async (_, [id]) => ({ status: 200, body: engine.retrieveBulkRun(id ?? "") }) },
    },
    {
      pattern: /^\/v1\/runs$/,
      methods: {
        POST: async (request) => {
          const key = idempotencyKey(request);
          const { run, replayed } = await engine.createRun(
            parseRunRequest(await readJsonObject(request, maxBodyBytes)),
            key,
          );
          return { status: replayed ? 200 : 201, body: run };
        },
      },
    },
    {
      pattern: /^\/v1\/runs\/([^/]+)\/deliveries$/,
      methods: { GET: async (_, [id]) => ({ status: 200, body: { data: engine.deliveries(id ?? "") } }) },
    },
    {
      pattern: /^\/v1\/runs\/([^/]+)$/,
      methods: { GET: async (_, [id]) => ({ status: 200, body: engine.retrieveRun(id ?? "") }) },
    },
    {
      pattern: /^\/$/,
      public: true,
      methods: {
        GET: async () => ({
          status: 200,
          body: { name: "leap-workflows-dev", workflows: options.workflowIds() },
        }),
      },
    },
  ];
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string>,
  type?: string,
): void {
  if (response.headersSent) return;
  const text = typeof body === "string" && type ? body : JSON.stringify(body);
  response.writeHead(status, { "content-type": type ?? "application/json", ...headers });
  response.end(text);
}

/** The node:http listener: auth, routing, and a JSON error for everything that goes wrong. */
export function createRouter(
  options: RouterOptions,
): (request: IncomingMessage, response: ServerResponse) => void {
  const table = routes(options);
  return (request, response) => {
    const requestId = `req_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
    const base = { "x-request-id": requestId };
    void (async () => {
      const path = (request.url ?? "/").split("?")[0] ?? "/";
      let params: string[] = [];
      const route = table.find((candidate) => {
        const match = candidate.pattern.exec(path);
        if (match) params = match.slice(1).map((part) => decodeURIComponent(part));
        return match !== null;
      });
      if (!route) throw new ApiFailure(404, "not_found", `No route ${request.method} ${path}`);
      const handler = route.methods[request.method ?? ""];
      if (!handler) {
        throw new ApiFailure(405, "method_not_allowed", `${request.method} is not allowed on ${path}`, {
          allow: Object.keys(route.methods).join(", "),
        });
      }
      if (!route.public) {
        const key = request.headers["x-api-key"];
        if (typeof key !== "string" || !options.apiKeys.includes(key)) {
          throw new ApiFailure(
            401,
            "unauthorized",
            key ? "The X-Api-Key is not valid for this server" : "Missing the X-Api-Key header",
          );
        }
      }
      const result = await handler(request, params);
      send(response, result.status, result.body, base, result.type);
    })().catch((error: unknown) => {
      if (error instanceof ApiFailure) {
        const close: Record<string, string> = error.status === 413 ? { connection: "close" } : {};
        send(
          response,
          error.status,
          { error: { type: error.type, message: error.message } },
          { ...base, ...close, ...error.headers },
        );
        // A body we refused to read must not be parsed as the next request on this connection.
        if (error.status === 413) response.once("finish", () => request.destroy());
        return;
      }
      if (error instanceof URIError) {
        send(
          response,
          400,
          { error: { type: "invalid_request", message: "The path is not valid percent-encoding" } },
          base,
        );
        return;
      }
      console.error("[leap-workflows-dev] unexpected error:", error);
      send(
        response,
        500,
        { error: { type: "internal_error", message: "The dev server failed; see its log" } },
        base,
      );
    });
  };
}
