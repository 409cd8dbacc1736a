// What the client and the webhook handlers call while they work. It stays this small because every bundle that
// holds them holds it: the OpenTelemetry code behind it lives in ./open-telemetry.ts and the span classes, which
// only `openTelemetryTracing` brings in.
import type { WebhookHeaders } from "../webhooks/headers";
import type { TraceContext } from "./tracer";

/** The hidden option key that carries the operation a call is part of (a wait's polls, a typed run's create). */
export const OPERATION: unique symbol = Symbol("leap.operation");

/** What a client call reports to the span of the operation it is part of. */
export interface Operation {
  /** The body to send: with propagation on, a `webhook_url` gains this operation's `traceparent`. */
  outgoing<B extends object>(body: B, options: object | undefined): B;
  /** An attempt was answered with `status`. */
  response(status: number): void;
  /** Attempt `resend` (1 for the first retry) follows in `delayMs`, after `error`. */
  retry(resend: number, delayMs: number, error: unknown): void;
  /** A wait read `state` (or failed to, with `error`) and polls again unless it is final. */
  poll(state: { status: string } | undefined, error?: unknown): void;
}

/** Where a webhook delivery's span finds the context to link to and the delivery's id. */
export interface DeliverySource {
  /** The request's URL (absolute, or a path with its query), read for a `traceparent` query parameter. */
  url?: string | undefined;
  /** The request's headers: a `traceparent` header, and `webhook-id`. */
  headers?: WebhookHeaders | undefined;
  /** The delivery's id, when the headers are not given. */
  webhookId?: string | undefined;
  /** The context to link to, when the URL and headers are not given. */
  context?: TraceContext | undefined;
}

/** What a webhook handler (or `processWebhookOnce`) reports to its delivery's span. */
export interface DeliveryTrace {
  /** The delivery was verified and read (a run or a bulk run), or refused with `error`. */
  verified(delivery: { kind: string; run?: unknown; bulkRun?: unknown } | undefined, error?: unknown): void;
  /** The id store's verdict: `processed`, `duplicate` or `in-progress`. */
  handled(result: string): void;
  /** `work` (the `onRun` call), timed and its failure recorded. */
  timed(work: () => unknown): () => Promise<void>;
  /** The status the handler answered. */
  answered(status: number): void;
}

/**
 * Tracing for a client or a webhook handler: made by `openTelemetryTracing` (from the `/tracing` entry point) and
 * passed as their `tracing` option. Its methods are the SDK's own.
 */
export interface Tracing {
  /**
   * Runs `body` as the client operation `name` (`runs.create`…) on `subject`: a run's or bulk run's id, the
   * create parameters, or a workflow definition.
   */
  operation<T>(name: string, subject: unknown, body: (operation: Operation) => Promise<T>): Promise<T>;
  /** Runs `body` as the handling of one webhook delivery (`name`: `webhook` or `processWebhookOnce`). */
  delivery<T>(name: string, source: DeliverySource, body: (trace: DeliveryTrace) => Promise<T>): Promise<T>;
}

/** Options that may carry the operation they are part of. */
export type Traced<O> = O & { [OPERATION]?: Operation | undefined };

/**
 * Runs `body` inside a span named `name` when tracing is on and the call is not already part of a traced
 * operation; otherwise calls it directly, at no cost.
 */
export function traced<O extends object, T>(
  tracing: Tracing | undefined,
  name: string,
  subject: unknown,
  options: O | undefined,
  body: (options: Traced<O> | undefined) => Promise<T>,
): Promise<T> {
  if (!tracing || (options as Traced<O> | undefined)?.[OPERATION]) return body(options);
  return tracing.operation(name, subject, (operation) =>
    body({ ...options, [OPERATION]: operation } as Traced<O>),
  );
}
