import type { IncomingMessage, ServerResponse } from "node:http";
import {
  type AnyWorkflow,
  bodyTimedOut,
  bodyTooLarge,
  createWebhookHandler,
  type OnRun,
  type WebhookAnswer,
  type WebhookBodyLimits,
  type WebhookHandlerOptions,
  type WebhookSecrets,
  type WorkflowWebhookHandlers,
  webhookBodyLimits,
} from "@leap-workflows/core";
import { verifyWebhookSignature } from "./verify-webhook";

const RAW_BODY_HELP =
  "The request body was already parsed by a body parser, so its signature cannot be checked. Keep the raw body: " +
  "mount this handler before express.json(), or use express.raw({ type: 'application/json' }) on its route.";

/** A request as node:http, Express, Fastify's raw request or Connect hand it over. */
type NodeRequest = IncomingMessage & { body?: unknown; rawBody?: unknown };

async function readRawBody(
  request: NodeRequest,
  limits: WebhookBodyLimits,
): Promise<Uint8Array | string | WebhookAnswer> {
  const { body, rawBody } = request;
  if (typeof rawBody === "string" || rawBody instanceof Uint8Array) return rawBody;
  if (typeof body === "string" || body instanceof Uint8Array) return body;
  // Express 4 leaves `{}` when its parser skipped the request; only a consumed stream means "parsed".
  const parsed = typeof body === "object" && body !== null && Object.keys(body).length > 0;
  if (parsed || request.readableEnded) {
    return { status: 500, body: { error: { type: "body_already_parsed", message: RAW_BODY_HELP } } };
  }
  return readLimited(request, limits);
}

// Events rather than `for await`: leaving the loop early destroys the socket before the 413 or 408 is sent.
function readLimited(
  request: IncomingMessage,
  limits: WebhookBodyLimits,
): Promise<Uint8Array | WebhookAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (answer: WebhookAnswer) => {
      finish();
      request.pause();
      resolve(answer);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBytes) stop(bodyTooLarge(limits.maxBytes));
      else chunks.push(chunk);
    };
    const onEnd = () => {
      finish();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      finish();
      reject(error);
    };
    // A slow-loris client sends a byte now and then: only a deadline on the whole body ends it.
    const timer = Number.isFinite(limits.timeoutMs)
      ? setTimeout(() => stop(bodyTimedOut(limits.timeoutMs)), limits.timeoutMs)
      : undefined;
    const finish = () => {
      clearTimeout(timer);
      request.off("data", onData).off("end", onEnd).off("error", onError);
    };
    request.on("data", onData).once("end", onEnd).once("error", onError);
  });
}

/**
 * A node:http / Express handler for Leap webhooks: reads the raw body, verifies it, drops duplicate
 * deliveries, and calls `onRun` with the typed run (or `options.onBulkRun` with a bulk run). Answers 401
 * (bad signature), 400 (bad body), 413 (over `maxBodyBytes`), 408 (body slower than `bodyTimeoutMs`), 200
 * (handled), or 500 when the callback throws, so that the sender retries.
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
  const limits = webhookBodyLimits(options);

  return async (request, response) => {
    let answer: WebhookAnswer;
    try {
      const body = await readRawBody(request, limits);
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
    // The rest of an oversized or late body is never read: closing the connection frees it (keep-alive
    // would hold it, and would parse the rest as the next request).
    const unread = answer.status === 413 || answer.status === 408;
    response.writeHead(answer.status, {
      "content-type": "application/json",
      ...(unread ? { connection: "close" } : {}),
    });
    response.end(JSON.stringify(answer.body));
    if (unread) response.once("finish", () => request.destroy());
  };
}
