import type { AnyWorkflow } from "../workflows/define-workflow";
import type { WorkflowWebhookHandlers } from "../workflows/webhook-workflows";
import type { WebhookSecrets } from "./verifier";
import {
  bodyAlreadyRead,
  bodyTimedOut,
  bodyTooLarge,
  createWebhookHandler,
  type VerifySignature,
  type WebhookAnswer,
  type WebhookBodyLimits,
  type WebhookRequest,
} from "./webhook-handler";
import type { OnRun, WebhookHandlerOptions } from "./webhook-handler-options";

// What every Fetch-style handler (edge's `webhookHandler`, node's `webhookFetchHandler`) adapts: a `Request` in,
// a `Response` out.

/** What a Fetch-style handler takes after the runtime's `verifySignature`: the secret, `onRun`, the options. */
export type FetchWebhookHandlerArguments = [
  secret: WebhookSecrets | null,
  handlers: OnRun | WorkflowWebhookHandlers<readonly AnyWorkflow[]>,
  options?: WebhookHandlerOptions,
];

/** A runtime's `Request -> Response` webhook handler, from its `verifySignature`. */
export function createFetchWebhookHandler(
  verifySignature: VerifySignature,
  ...[secret, handlers, options = {}]: FetchWebhookHandlerArguments
): (request: Request) => Promise<Response> {
  const handle = createWebhookHandler(verifySignature, secret, handlers, options);
  return async (request) => {
    const reply = await handle(fetchWebhookRequest(request));
    return new Response(reply.body, { status: reply.status, headers: reply.headers });
  };
}

/** A Fetch `Request` as the handler reads it, its body counted and timed as it streams in. */
function fetchWebhookRequest(request: Request): WebhookRequest {
  return {
    method: request.method,
    url: request.url,
    headers: request.headers,
    readBody: (limits) => readLimitedBody(request, limits),
  };
}

/**
 * Reads a request body, counting bytes as they stream in: a body over `maxBytes` is answered 413 as soon as it
 * passes the limit (not after reading it all), and one still arriving after `timeoutMs` is answered 408. The
 * platform may bound a request too; this makes the handler's limits the same on every runtime.
 */
async function readLimitedBody(
  request: Request,
  limits: WebhookBodyLimits,
): Promise<Uint8Array | WebhookAnswer> {
  if (request.bodyUsed) {
    return bodyAlreadyRead(
      "The Request body was already read: hand the handler the Request before reading it",
    );
  }
  if (Number(request.headers.get("content-length") ?? 0) > limits.maxBytes) {
    await request.body?.cancel().catch(() => {});
    return bodyTooLarge(limits.maxBytes);
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"late">((resolve) => {
    if (Number.isFinite(limits.timeoutMs)) timer = setTimeout(() => resolve("late"), limits.timeoutMs);
  });
  const stop = async (answer: WebhookAnswer) => {
    await reader.cancel().catch(() => {});
    return answer;
  };
  try {
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const next = await Promise.race([reader.read(), late]);
      if (next === "late") return await stop(bodyTimedOut(limits.timeoutMs));
      if (next.done) break;
      size += next.value.byteLength;
      if (size > limits.maxBytes) return await stop(bodyTooLarge(limits.maxBytes));
      chunks.push(next.value);
    }
    const body = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      body.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return body;
  } finally {
    clearTimeout(timer);
  }
}
