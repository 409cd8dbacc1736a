import type { IncomingMessage, ServerResponse } from "node:http";
import type { DevServerLogger } from "./log-event";
import { traceIdOf } from "./trace-id";

type Listener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Wraps a node:http listener to log one line per request (method, path without its query, status,
 * duration, and the trace id of a `traceparent` it carried), or one line when the client hangs up before its
 * answer. Headers are never logged: the API key
 * travels in one.
 */
export function withRequestLog(listener: Listener, logger: DevServerLogger): Listener {
  return (request, response) => {
    const start = performance.now();
    const method = request.method ?? "?";
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    response.once("finish", () => {
      const traceId = traceIdOf(request.url ?? "/", request.headers);
      logger({
        kind: "request",
        method,
        path,
        status: response.statusCode,
        durationMs: performance.now() - start,
        ...(traceId ? { traceId } : {}),
      });
    });
    response.once("close", () => {
      if (response.writableFinished) return;
      logger({
        kind: "aborted",
        method,
        path,
        bodyComplete: request.complete,
        durationMs: performance.now() - start,
      });
    });
    listener(request, response);
  };
}
