import type { IncomingMessage } from "node:http";
import {
  bodyAlreadyRead,
  bodyTimedOut,
  bodyTooLarge,
  type WebhookAnswer,
  type WebhookBodyLimits,
} from "@leap-workflows/core/internal";

const RAW_BODY_HELP =
  "The request body was already parsed by a body parser, so its signature cannot be checked. Keep the raw body: " +
  "mount this handler before express.json(), or use express.raw({ type: 'application/json' }) on its route.";

/** A request as node:http, Express, Fastify's raw request or Connect hand it over. */
export type NodeRequest = IncomingMessage & { body?: unknown; rawBody?: unknown };

/**
 * The raw body of a node request: the one a framework kept (`rawBody`, or `body` from `express.raw()`), or the
 * stream read within `limits`. A body already parsed into an object is answered, not guessed back into text.
 */
export async function readRawBody(
  request: NodeRequest,
  limits: WebhookBodyLimits,
): Promise<Uint8Array | string | WebhookAnswer> {
  const { body, rawBody } = request;
  if (typeof rawBody === "string" || rawBody instanceof Uint8Array) return rawBody;
  if (typeof body === "string" || body instanceof Uint8Array) return body;
  // Express 4 leaves `{}` when its parser skipped the request; only a consumed stream means "parsed".
  const parsed = typeof body === "object" && body !== null && Object.keys(body).length > 0;
  if (parsed || request.readableEnded) return bodyAlreadyRead(RAW_BODY_HELP);
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
