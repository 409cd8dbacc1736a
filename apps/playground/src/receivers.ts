import { AsyncLocalStorage } from "node:async_hooks";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { bulkRunSchema } from "@leap-workflows/core";
import {
  createMemoryIdStore,
  verifyWebhookSignature as edgeVerifySignature,
  webhookHandler as edgeWebhookHandler,
} from "@leap-workflows/edge";
import {
  verifyWebhookSignature as nodeVerifySignature,
  webhookHandler as nodeWebhookHandler,
  WebhookVerificationError,
} from "@leap-workflows/node";
import type { EventLog } from "./event-log";
import { serveFetchHandler } from "./node-request-adapter";
import { workflows } from "./workflows/definitions";
import { describeRun, type PlaygroundRun } from "./workflows/describe-run";

/** Tampered re-sends carry this header so that the page can tell them from real deliveries. */
export const LABEL_HEADER = "x-playground-label";

const RUNS_PATH = "/webhooks/leap";
// A bulk run's webhook carries the bulk run, not a run: webhookHandler (runs only) would answer
// invalid_body, so bulk deliveries get their own path that checks the signature and parses a bulk run.
const BULK_PATH = "/webhooks/leap-bulk";

export interface Receivers {
  /** Run webhooks, handled by @leap-workflows/node's webhookHandler, typed by the playground's workflows. */
  nodeUrl: string;
  /** Run webhooks, handled by @leap-workflows/edge's webhookHandler, typed by the playground's workflows. */
  edgeUrl: string;
  /** Bulk-run webhooks, checked with @leap-workflows/node's verifyWebhookSignature. */
  nodeBulkUrl: string;
  /** Bulk-run webhooks, checked with @leap-workflows/edge's verifyWebhookSignature. */
  edgeBulkUrl: string;
  close(): Promise<void>;
}

/** What the playground knows about the delivery a receiver is handling, for the event it logs. */
interface DeliveryContext {
  label: string;
  webhookId: string | null;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function contextOf(headers: Headers | IncomingMessage["headers"], url = ""): DeliveryContext {
  const read = (name: string) => {
    const value = headers instanceof Headers ? headers.get(name) : headers[name];
    return typeof value === "string" ? value : null;
  };
  const fallback = url.includes(BULK_PATH) ? "bulk delivery" : "delivery";
  return { label: read(LABEL_HEADER) ?? fallback, webhookId: read("webhook-id") };
}

function reasonOf(error: unknown): string {
  return WebhookVerificationError.isInstance(error)
    ? error.reason
    : error instanceof Error
      ? error.message
      : String(error);
}

/**
 * Two webhook receivers, as users would write them: one on @leap-workflows/node's handler (node:http),
 * one on @leap-workflows/edge's `Request -> Response` handler served through a small adapter. Both are
 * given the workflow definitions, so each verified run's output is checked and typed by its workflow. Each
 * handler is built once; the delivery being handled reaches its callbacks through AsyncLocalStorage
 * (onError gets only the error, and the page wants to say which delivery was rejected).
 */
export async function startReceivers(secret: string, log: EventLog): Promise<Receivers> {
  const callbacks = (receiver: "node" | "edge", current: AsyncLocalStorage<DeliveryContext>) => ({
    handlers: {
      workflows,
      onRun: (run: PlaygroundRun) => {
        const { label, webhookId } = current.getStore() ?? { label: "delivery", webhookId: null };
        const detail = describeRun(run);
        log.add({
          type: "delivery",
          receiver,
          runId: run.id,
          webhookId,
          verified: true,
          reason: null,
          label,
          detail,
        });
      },
    },
    /** Parses a verified bulk-run body, logs the outcome, and answers as webhookHandler would. */
    onBulk: async (verify: () => Promise<string> | string): Promise<{ status: number; body: string }> => {
      const { label, webhookId } = current.getStore() ?? { label: "bulk delivery", webhookId: null };
      try {
        const bulk = bulkRunSchema.parse(JSON.parse(await verify()));
        log.add({
          type: "delivery",
          receiver,
          runId: bulk.id,
          webhookId,
          verified: true,
          reason: null,
          label,
          detail: `${bulk.status}, ${bulk.row_count ?? 0} rows`,
        });
        return { status: 200, body: JSON.stringify({ ok: true }) };
      } catch (error) {
        const reason = reasonOf(error);
        log.add({
          type: "delivery",
          receiver,
          runId: null,
          webhookId,
          verified: false,
          reason,
          label,
          detail: null,
        });
        const status = WebhookVerificationError.isInstance(error) && reason !== "invalid_body" ? 401 : 400;
        return { status, body: JSON.stringify({ error: { type: reason } }) };
      }
    },
    options: {
      dedupe: createMemoryIdStore(),
      onError: (error: unknown) => {
        const { label, webhookId } = current.getStore() ?? { label: "delivery", webhookId: null };
        log.add({
          type: "delivery",
          receiver,
          runId: null,
          webhookId,
          verified: false,
          reason: reasonOf(error),
          label,
          detail: null,
        });
      },
    },
  });

  const nodeCurrent = new AsyncLocalStorage<DeliveryContext>();
  const node = callbacks("node", nodeCurrent);
  const nodeHandler = nodeWebhookHandler(secret, node.handlers, node.options);
  const nodeServer = createServer((request, response) =>
    nodeCurrent.run(contextOf(request.headers, request.url), () => {
      if (!request.url?.startsWith(BULK_PATH)) return void nodeHandler(request, response);
      void (async () => {
        const chunks: Buffer[] = [];
        for await (const chunk of request) chunks.push(chunk as Buffer);
        const answer = await node.onBulk(() =>
          nodeVerifySignature(Buffer.concat(chunks), request.headers, secret),
        );
        response.writeHead(answer.status, { "content-type": "application/json" }).end(answer.body);
      })();
    }),
  );

  const edgeCurrent = new AsyncLocalStorage<DeliveryContext>();
  const edge = callbacks("edge", edgeCurrent);
  const edgeHandler = edgeWebhookHandler(secret, edge.handlers, edge.options);
  const edgeServer = createServer(
    serveFetchHandler((request) =>
      edgeCurrent.run(contextOf(request.headers, request.url), async () => {
        if (new URL(request.url).pathname !== BULK_PATH) return edgeHandler(request);
        const answer = await edge.onBulk(() => edgeVerifySignature(request, secret));
        return new Response(answer.body, {
          status: answer.status,
          headers: { "content-type": "application/json" },
        });
      }),
    ),
  );

  const [nodeOrigin, edgeOrigin] = await Promise.all([listen(nodeServer), listen(edgeServer)]);
  return {
    nodeUrl: `${nodeOrigin}${RUNS_PATH}`,
    edgeUrl: `${edgeOrigin}${RUNS_PATH}`,
    nodeBulkUrl: `${nodeOrigin}${BULK_PATH}`,
    edgeBulkUrl: `${edgeOrigin}${BULK_PATH}`,
    close: async () => {
      for (const server of [nodeServer, edgeServer]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}
