import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { LeapError } from "@leap-workflows/node";
import { LABEL_HEADER } from "./receivers";
import { guardRequest } from "./request-guard";
import type { Stack } from "./stack";
import { type RecordedDelivery, TAMPERINGS, type Tampering, tamper } from "./tamper";
import { examples, findWorkflow, type PlaygroundWorkflow } from "./workflows/definitions";

const PUBLIC = new URL("../public/", import.meta.url);
const ASSETS: Record<string, [string, string]> = {
  "/": ["index.html", "text/html; charset=utf-8"],
  "/app.js": ["app.js", "text/javascript; charset=utf-8"],
  "/styles.css": ["styles.css", "text/css; charset=utf-8"],
};

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const value: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new Error("expected a JSON object");
  return value as Record<string, unknown>;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/** Listens on `port`; when that port is taken and `fallback` is set, on any free port instead. */
async function listen(server: Server, port: number, fallback: boolean): Promise<number> {
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    if (!fallback || (error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    return listen(server, 0, false);
  }
  return (server.address() as AddressInfo).port;
}

export interface AppServerOptions {
  /** Port of the page; 0 picks a free one. */
  port: number;
  /** When `port` is taken, use a free port instead of failing. @default false */
  fallbackPort?: boolean;
}

/** The page, its small JSON API, and the webhook fan-out that hands every delivery to both receivers. */
export async function startAppServer(stack: Stack, options: AppServerOptions) {
  const { leap, log, receivers, devServer } = stack;
  const deliveries = new Map<string, RecordedDelivery>();
  // Bulk-run CSVs are served from here, as they would be from any URL the API can fetch.
  const csvs = new Map<string, string>();
  const fanoutPath = "/webhooks/fanout";
  let url = "";

  /** Re-sends a (tampered) run delivery to both receivers, labelled for the page. */
  const forward = async (delivery: RecordedDelivery, label: string) => {
    const headers = {
      ...delivery.headers,
      "content-type": "application/json",
      [LABEL_HEADER]: label,
    };
    const answers = await Promise.all(
      [receivers.nodeUrl, receivers.edgeUrl].map((url) =>
        fetch(url, { method: "POST", headers, body: delivery.body }),
      ),
    );
    return answers.map((answer) => answer.status);
  };

  /** Hands the exact signed bytes and signature headers to each receiver; records deliveries for tampering. */
  const fanout = async (request: IncomingMessage, response: ServerResponse) => {
    const urls = [receivers.nodeUrl, receivers.edgeUrl];
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const headers: Record<string, string> = { "content-type": "application/json" };
    for (const name of ["webhook-id", "webhook-timestamp", "webhook-signature"]) {
      const value = request.headers[name];
      if (typeof value === "string") headers[name] = value;
    }
    const answers = await Promise.all(urls.map((url) => fetch(url, { method: "POST", headers, body })));
    const statuses = answers.map((answer) => answer.status);
    const text = body.toString("utf8");
    const id = (JSON.parse(text) as { id?: unknown }).id;
    if (typeof id === "string") deliveries.set(id, { body: text, headers });
    // Any receiver failing makes the dev server retry, as a real sender would.
    send(response, statuses.every((status) => status < 300) ? 200 : 502, { statuses });
  };

  const follow = (runId: string, workflow: PlaygroundWorkflow) => {
    void leap.runs
      .wait(runId, {
        workflow,
        onPoll: (run) => log.add({ type: "run", run }),
        initialInterval: 250,
        timeout: 120_000,
      })
      .catch(() => {});
  };

  const routes: Record<string, (request: IncomingMessage, response: ServerResponse) => Promise<void>> = {
    "GET /api/state": async (_, response) =>
      send(response, 200, {
        workflows: devServer.workflowIds,
        examples,
        tamperings: TAMPERINGS,
      }),
    "POST /api/runs": async (request, response) => {
      const body = await readJson(request);
      const workflow = findWorkflow(String(body.workflow_id));
      if (!workflow) {
        send(response, 400, { error: { message: `Unknown workflow ${JSON.stringify(body.workflow_id)}` } });
        return;
      }
      // The workflow's inputs schema checks the page's JSON before anything is sent: a mistake comes
      // back as a ValidationError naming the field (shown under the inputs box).
      const run = await leap.run(workflow, body.inputs as never, { webhookUrl: `${url}${fanoutPath}` });
      log.add({ type: "run", run });
      follow(run.id, workflow);
      send(response, 201, run);
    },
    "POST /api/tamper": async (request, response) => {
      const body = await readJson(request);
      const kind = body.kind as Tampering;
      const delivery = deliveries.get(String(body.runId));
      if (!delivery || !(kind in TAMPERINGS)) {
        send(response, 400, { error: { message: "Pick a run whose webhook has arrived, and a tampering" } });
        return;
      }
      const statuses = await forward(
        await tamper(delivery, kind, devServer.webhookSecret),
        `tampered: ${TAMPERINGS[kind]}`,
      );
      send(response, 200, { statuses });
    },
    "POST /api/bulk": async (request, response) => {
      const body = await readJson(request);
      const name = `bulk-${csvs.size + 1}.csv`;
      csvs.set(name, String(body.csv ?? ""));
      const bulk = await leap.bulkRuns.create({
        workflow_id: body.workflow_id as string,
        input_csv_url: `${url}/csv/${name}`,
        webhook_url: `${url}${fanoutPath}`,
      });
      log.add({ type: "bulk", bulk });
      void leap.bulkRuns
        .wait(bulk.id, {
          onPoll: (state) => log.add({ type: "bulk", bulk: state }),
          initialInterval: 250,
        })
        .catch(() => {});
      send(response, 201, bulk);
    },
    [`POST ${fanoutPath}`]: fanout,
  };

  const server = createServer((request, response) => {
    if (!guardRequest(request, response)) return;
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    const asset = request.method === "GET" ? ASSETS[path] : undefined;
    if (asset) {
      response.writeHead(200, { "content-type": asset[1], "cache-control": "no-store" });
      response.end(readFileSync(new URL(asset[0], PUBLIC)));
      return;
    }
    if (request.method === "GET" && path === "/api/events") {
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
      return;
    }
    const csv = request.method === "GET" ? csvs.get(path.replace(/^\/csv\//, "")) : undefined;
    if (csv !== undefined) {
      response.writeHead(200, { "content-type": "text/csv; charset=utf-8" }).end(csv);
      return;
    }
    const route = routes[`${request.method} ${path}`];
    if (!route) return send(response, 404, { error: { message: `No route ${request.method} ${path}` } });
    route(request, response).catch((error: unknown) => {
      const status = LeapError.isInstance(error) && "status" in error ? Number(error.status) : 400;
      send(response, Math.max(status, 400), { error: { message: (error as Error).message } });
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
