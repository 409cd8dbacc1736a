import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiFailure } from "../api-failure";
import type { Engine } from "../engine";
import { validTraceparent } from "../log/trace-id";
import { watchBodyDeadline } from "./body-deadline";
import { scopeIdempotencyKey } from "./idempotency-scope";
import type { OutputLinkSigner } from "./output-link";
import { ClientGone, readJsonObject } from "./read-body";
import { parseBulkRunRequest, parseRunRequest } from "./validate";

/** What the router needs besides the engine. */
export interface RouterOptions {
  engine: Engine;
  apiKeys: readonly string[];
  maxBodyBytes: number;
  /** Milliseconds a request body may take to arrive (408 after). */
  requestBodyTimeoutMs: number;
  workflowIds: () => string[];
  /** Whether a Host header names this server (DNS rebinding protection). */
  isAllowedHost: (host: string | undefined) => boolean;
  /** Checks the signed links of output CSVs. */
  outputLinks: OutputLinkSigner;
}

type Handler = (
  request: IncomingMessage,
  params: string[],
  apiKey: string | undefined,
) => Promise<
  | { status: number; body: unknown; type?: string }
  | { status: 200; stream: AsyncIterable<string>; type: string }
>;

interface Route {
  pattern: RegExp;
  methods: Partial<Record<string, Handler>>;
  /**
   * `public` needs no API key; `signed-link` takes the API key or an unexpired signature of the path (the
   * output CSV's link opens in a browser, like an S3 presigned URL).
   */
  access?: "public" | "signed-link";
}

/**
 * The request's Idempotency-Key, scoped to the API key that sent it. An empty one means no key (the header's
 * schema sets no minimum length, see IdempotencyKey in core's openapi/workflows.yaml); over 255 characters
 * is a 400.
 */
function idempotencyKey(request: IncomingMessage, apiKey: string | undefined): string | undefined {
  const key = request.headers["idempotency-key"];
  if (key === undefined || key === "") return undefined;
  if (typeof key !== "string" || key.length > 255) {
    throw new ApiFailure(400, "invalid_request", "Idempotency-Key must be at most 255 characters");
  }
  return scopeIdempotencyKey(apiKey ?? "", key);
}

/** The API's routes, matched in order. */
function routes(options: RouterOptions): Route[] {
  const { engine, maxBodyBytes } = options;
  return [
    {
      pattern: /^\/v1\/runs\/bulk$/,
      methods: {
        POST: async (request, _, apiKey) => {
          const key = idempotencyKey(request, apiKey);
          const { bulk } = engine.createBulkRun(
            parseBulkRunRequest(await readJsonObject(request, maxBodyBytes)),
            key,
          );
          // 200 as in Leap's published schema, for a replay too (it returns the first bulk run as it is now).
          return { status: 200, body: bulk };
        },
        // In the contract `GET /v1/runs/bulk` is `GET /v1/runs/{workflow_run_id}` for the id `bulk`:
        // answered as that route answers (a 404: no run has that id), not with an undocumented 405.
        GET: async () => ({ status: 200, body: engine.retrieveRun("bulk") }),
      },
    },
    {
      pattern: /^\/v1\/runs\/bulk\/([^/]+)\/output\.csv$/,
      access: "signed-link",
      methods: {
        GET: async (_, [id]) => ({
          status: 200,
          stream: engine.outputCsv(id ?? ""),
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
        POST: async (request, _, apiKey) => {
          const key = idempotencyKey(request, apiKey);
          const { run } = await engine.createRun(
            parseRunRequest(await readJsonObject(request, maxBodyBytes)),
            key,
            validTraceparent(request.headers.traceparent),
          );
          // 200 as in Leap's published schema, for a replay too (it returns the first run as it is now).
          return { status: 200, body: run };
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
      access: "public",
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
  // With a Content-Length, node:http writes the head and the body in one write(2); without one it sends the
  // body chunked (size line, data, CRLF, last chunk: a writev of five buffers the client must decode).
  response.writeHead(status, {
    "content-type": type ?? "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

/**
 * Sends a 200 whose body comes in chunks (chunked encoding), waiting for the socket to drain when its
 * buffer is full, and ending early when the client goes away.
 */
async function sendStream(
  response: ServerResponse,
  chunks: AsyncIterable<string>,
  headers: Record<string, string>,
  type: string,
): Promise<void> {
  response.writeHead(200, { "content-type": type, ...headers });
  try {
    for await (const chunk of chunks) {
      if (response.destroyed) return;
      if (!response.write(chunk)) await drained(response);
    }
  } catch (error) {
    // The client left, or the server closed, while a page was read: nobody to tell.
    if (response.destroyed) return;
    // Cut short, so the client sees a broken body rather than a complete-looking one.
    response.destroy();
    throw error;
  }
  response.end();
}

const drained = (response: ServerResponse) =>
  new Promise<void>((resolve) => {
    const done = () => {
      response.off("drain", done);
      response.off("close", done);
      resolve();
    };
    response.on("drain", done);
    response.on("close", done);
  });

/** The node:http listener: auth, routing, and a JSON error for everything that goes wrong. */
export function createRouter(
  options: RouterOptions,
): (request: IncomingMessage, response: ServerResponse) => void {
  const table = routes(options);
  return (request, response) => {
    const requestId = `req_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
    const base = { "x-request-id": requestId };
    watchBodyDeadline(request, options.requestBodyTimeoutMs, () => {
      send(
        response,
        408,
        {
          error: {
            type: "request_timeout",
            message: `The request body did not arrive within ${options.requestBodyTimeoutMs} ms`,
          },
        },
        { ...base, connection: "close" },
      );
      // The rest of the body is never read: the connection ends with the answer.
      if (response.writableFinished) request.destroy();
      else response.once("finish", () => request.destroy());
    });
    void (async () => {
      if (!options.isAllowedHost(request.headers.host)) {
        throw new ApiFailure(
          403,
          "host_not_allowed",
          `This dev server does not answer the Host ${JSON.stringify(request.headers.host ?? "")}: only localhost, ` +
            "its --host and --allowed-host names (a page on another name could be rebinding its DNS to this server)",
        );
      }
      const [path = "/", query = ""] = (request.url ?? "/").split("?");
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
      const key = request.headers["x-api-key"];
      const apiKey = typeof key === "string" && options.apiKeys.includes(key) ? key : undefined;
      const link = new URLSearchParams(query);
      if (route.access === "signed-link" && key === undefined && link.has("signature")) {
        const refusal = options.outputLinks.refusal(path, link);
        if (refusal) throw new ApiFailure(403, "forbidden", refusal);
      } else if (route.access !== "public" && !apiKey) {
        throw new ApiFailure(
          401,
          "unauthorized",
          key ? "The X-Api-Key is not valid for this server" : "Missing the X-Api-Key header",
        );
      }
      const result = await handler(request, params, apiKey);
      if ("stream" in result) await sendStream(response, result.stream, base, result.type);
      else send(response, result.status, result.body, base, result.type);
    })().catch((error: unknown) => {
      // Logged (one line) by the request log; there is nobody left to answer.
      if (error instanceof ClientGone) return;
      if (error instanceof ApiFailure) {
        send(
          response,
          error.status,
          { error: { type: error.type, message: error.message } },
          { ...base, ...error.headers },
        );
        // A body left unread (past the discard limit) must not be parsed as the next request on this connection.
        if (error.headers.connection === "close") response.once("finish", () => request.destroy());
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
