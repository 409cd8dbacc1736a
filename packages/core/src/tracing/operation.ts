// What the client calls while it works. It stays this small because every bundle that holds the client holds
// it: the OpenTelemetry code behind it lives in ./open-telemetry.ts, which only `openTelemetryTracing` brings in.

/** The hidden option key that carries the operation a call is part of (a wait's polls, a typed run's create). */
export const OPERATION: unique symbol = Symbol("leap.operation");

/** What a call reports to the span of the operation it is part of. */
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

/**
 * Tracing for a client or a webhook handler: made by `openTelemetryTracing` (from the `/tracing` entry point) and
 * passed as their `tracing` option. Its methods are the SDK's own.
 */
export interface Tracing {
  /**
   * Runs `body` as the operation `name` (`runs.create`…) on `subject`: a run's or bulk run's id, the create
   * parameters, or a workflow definition.
   */
  operation<T>(name: string, subject: unknown, body: (operation: Operation) => Promise<T>): Promise<T>;
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
