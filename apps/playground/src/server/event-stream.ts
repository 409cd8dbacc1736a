import type { EventLog } from "../event-log";
import type { RequestHandler } from "./http";

/** `GET /api/events`: every event so far, then every new one, as server-sent events. */
export function eventStream(log: EventLog): RequestHandler {
  return (request, response, path) => {
    if (request.method !== "GET" || path !== "/api/events") return false;
    response.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-store",
      connection: "keep-alive",
    });
    // The comment flushes the headers (the page's "open"); then everything so far, then everything new:
    // no gap between the two, and a reconnecting page is whole again.
    response.write(": connected\n\n");
    for (const event of log.events) response.write(`data: ${JSON.stringify(event)}\n\n`);
    const unsubscribe = log.subscribe((event) => response.write(`data: ${JSON.stringify(event)}\n\n`));
    request.on("close", unsubscribe);
    return true;
  };
}
