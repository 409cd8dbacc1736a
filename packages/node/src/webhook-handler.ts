import type { IncomingMessage, ServerResponse } from "node:http";
import {
  type AnyWorkflow,
  createWebhookHandler,
  type OnRun,
  type WebhookAnswer,
  type WebhookHandlerOptions,
  type WebhookSecrets,
  type WorkflowWebhookHandlers,
} from "@leap-workflows/core";
import { verifyWebhookSignature } from "./verify-webhook";

const RAW_BODY_HELP =
  "The request body was already parsed by a body parser, so its signature cannot be checked. Keep the raw body: " +
  "mount this handler before express.json(), or use express.raw({ type: 'application/json' }) on its route.";

/** A request as node:http, Express, Fastify's raw request or Connect hand it over. */
type NodeRequest = IncomingMessage & { body?: unknown; rawBody?: unknown };

async function readRawBody(
  request: NodeRequest,
  maxBytes: number,
): Promise<Uint8Array | string | WebhookAnswer> {
  const { body, rawBody } = request;
  if (typeof rawBody === "string" || rawBody instanceof Uint8Array) return rawBody;
  if (typeof body === "string" || body instanceof Uint8Array) return body;
  // Express 4 leaves `{}` when its parser skipped the request; only a consumed stream means "parsed".
  const parsed = typeof body === "object" && body !== null && Object.keys(body).length > 0;
  if (parsed || request.readableEnded) {
    return { status: 500, body: { error: { type: "body_already_parsed", message: RAW_BODY_HELP } } };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      return {
        status: 413,
        body: { error: { type: "body_too_large", message: `The body exceeds ${maxBytes} bytes` } },
      };
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * A node:http / Express handler for Leap webhooks: reads the raw body, verifies it, drops duplicate
 * deliveries, and calls `onRun` with the typed run (or `options.onBulkRun` with a bulk run). Answers 401
 * (bad signature), 400 (bad body), 200 (handled), or 500 when the callback throws, so that the sender retries.
 *
 * ```ts
 * http.createServer(webhookHandler(process.env.LEAP_WEBHOOK_SECRET!, async (run) => save(run))).listen(3000);
 * app.post("/hooks/leap", webhookHandler(secret, onRun)); // Express: before express.json()
 * ```
 */
export function webhookHandler<const Workflows extends readonly AnyWorkflow[]>(
  secret: WebhookSecrets | null,
  handlers: WorkflowWebhookHandlers<Workflows>,
  options?: WebhookHandlerOptions,
): (request: IncomingMessage, response: ServerResponse) => Promise<void>;
export function webhookHandler(
  secret: WebhookSecrets | null,
  onRun: OnRun,
  options?: WebhookHandlerOptions,
): (request: IncomingMessage, response: ServerResponse) => Promise<void>;
export function webhookHandler(
  secret: WebhookSecrets | null,
  onRun: OnRun | WorkflowWebhookHandlers<readonly AnyWorkflow[]>,
  options: WebhookHandlerOptions = {},
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const handle = createWebhookHandler(verifyWebhookSignature, secret, onRun, options);
  const maxBytes = options.maxBodyBytes ?? 1_048_576;

  return async (request, response) => {
    let answer: WebhookAnswer;
    try {
      const body = await readRawBody(request, maxBytes);
      answer = typeof body === "object" && "status" in body ? body : await handle(body, request.headers);
    } catch (error) {
      (options.onError ?? console.error)(error);
      answer = {
        status: 500,
        body: { error: { type: "handler_failed", message: "The webhook could not be handled" } },
      };
    }
    if (answer.status === 500 && "error" in answer.body && answer.body.error.type === "body_already_parsed") {
      (options.onError ?? console.error)(new Error(RAW_BODY_HELP));
    }
    // The rest of an oversized body is never read: closing the connection frees it (keep-alive would hold it).
    const connection = answer.status === 413 ? { connection: "close" } : {};
    response.writeHead(answer.status, { "content-type": "application/json", ...connection });
    response.end(JSON.stringify(answer.body));
  };
}
