import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { guardRequest } from "./request-guard";
import { createCsvHosting } from "./server/csv-hosting";
import { eventStream } from "./server/event-stream";
import { listen, type RequestHandler, sendJson } from "./server/http";
import { jsonApi } from "./server/json-api";
import { staticFiles } from "./server/static-files";
import { createWebhookFanout } from "./server/webhook-fanout";
import type { Stack } from "./stack";

const PUBLIC = new URL("../public/", import.meta.url);

export interface AppServerOptions {
  /** Port of the page; 0 picks a free one. */
  port: number;
  /** When `port` is taken, use a free port instead of failing. @default false */
  fallbackPort?: boolean;
}

/** The page, its small JSON API, its event stream, the hosted CSVs and the webhook fan-out, on one port. */
export async function startAppServer(stack: Stack, options: AppServerOptions) {
  let url = "";
  const fanout = createWebhookFanout(stack.receivers, stack.log, stack.history);
  const csvs = createCsvHosting();
  const handlers: RequestHandler[] = [
    staticFiles(PUBLIC),
    eventStream(stack.log),
    csvs.handle,
    fanout.handle,
    jsonApi(stack, { origin: () => url, fanout, csvs }),
  ];

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    // Every request passes here first: the one place for checks that apply to all (Host, Origin, body size).
    if (!guardRequest(request, response)) return;
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    for (const handler of handlers) if (await handler(request, response, path)) return;
    sendJson(response, 404, { error: { message: `No route ${request.method} ${path}` } });
  };
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: { message: (error as Error).message } });
      else response.end();
    });
  });
  url = `http://127.0.0.1:${await listen(server, options.port, options.fallbackPort ?? false)}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
