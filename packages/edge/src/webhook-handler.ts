import {
  type AnyWorkflow,
  createAsyncWebhookVerifier,
  createWebhookHandler,
  type OnRun,
  type WebhookHandlerOptions,
  type WebhookSecrets,
  type WorkflowWebhookHandlers,
  webCryptoHmac,
  webhookBodyLimits,
} from "@leap-workflows/core";
import { readLimitedBody } from "./read-body";

// Pure: a bundle that does not use this module's exports drops the verifier with it.
const verifier = /* @__PURE__ */ createAsyncWebhookVerifier(webCryptoHmac);

/**
 * A `Request -> Response` handler for Leap webhooks: verifies, drops duplicate deliveries, and calls
 * `onRun` with the typed run (or `options.onBulkRun` with a bulk run). Answers 401 (bad signature), 400
 * (bad body), 413 (over `maxBodyBytes`), 408 (body slower than `bodyTimeoutMs`), 200 (handled), or 500 when
 * the callback throws, so that the sender retries.
 *
 * ```ts
 * // app/api/leap/route.ts
 * export const POST = webhookHandler(process.env.LEAP_WEBHOOK_SECRET!, async (run) => { ... });
 * ```
 */
export function webhookHandler<const Workflows extends readonly AnyWorkflow[]>(
  secret: WebhookSecrets | null,
  handlers: WorkflowWebhookHandlers<Workflows>,
  options?: WebhookHandlerOptions,
): (request: Request) => Promise<Response>;
export function webhookHandler(
  secret: WebhookSecrets | null,
  onRun: OnRun,
  options?: WebhookHandlerOptions,
): (request: Request) => Promise<Response>;
export function webhookHandler(
  secret: WebhookSecrets | null,
  onRun: OnRun | WorkflowWebhookHandlers<readonly AnyWorkflow[]>,
  options: WebhookHandlerOptions = {},
): (request: Request) => Promise<Response> {
  const handle = createWebhookHandler(verifier.verifySignature, secret, onRun, options);
  const limits = webhookBodyLimits(options);
  return async (request) => {
    if (request.method !== "POST") {
      return Response.json(
        { error: { type: "method_not_allowed", message: "Webhooks are POSTed" } },
        { status: 405 },
      );
    }
    const body = await readLimitedBody(request, limits);
    const answer = body instanceof Uint8Array ? await handle(body, request.headers) : body;
    return Response.json(answer.body, { status: answer.status });
  };
}
