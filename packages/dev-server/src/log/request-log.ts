import type { IncomingMessage, ServerResponse } from "node:http";
import type { DevServerLogger } from "./log-event";
import { traceIdOf } from "./trace-id";

type Listener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Wraps a node:http listener to log one line per answered request (method, path without its query,
 * status, duration, and the trace id of a `traceparent` it carried). Headers are never logged: the API key
 * travels in one.
 */
export function withRequestLog(listener: Listener, logger: DevServerLogger): Listener {
  return (request, response) => {
    const start = performance.now();
    response.once("finish", () => {
      const traceId = traceIdOf(request.url ?? "/", request.headers);
      logger({
        kind: "request",
        method: request.method ?? "?",
        path: (request.url ?? "/").split("?")[0] ?? "/",
        status: response.statusCode,
        durationMs: performance.now() - start,
        ...(traceId ? { traceId } : {}),
      });
    });
    listener(request, response);
  };
}
