import { AsyncLocalStorage } from "node:async_hooks";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createMemoryIdStore, webhookHandler as edgeWebhookHandler } from "@leap-workflows/edge";
import { webhookHandler as nodeWebhookHandler, WebhookVerificationError } from "@leap-workflows/node";
import type { EventLog } from "./event-log";
import { serveFetchHandler } from "./node-request-adapter";

/** Tampered re-sends carry this header so that the page can tell them from real deliveries. */
export const LABEL_HEADER = "x-playground-label";

export interface Receivers {
  nodeUrl: string;
  edgeUrl: string;
  close(): Promise<void>;
}

/** What the playground knows about the delivery a receiver is handling, for the event it logs. */
interface DeliveryContext {
  label: string;
  webhookId: string | null;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/leap`;
}

function contextOf(headers: Headers | IncomingMessage["headers"]): DeliveryContext {
  const read = (name: string) => {
    const value = headers instanceof Headers ? headers.get(name) : headers[name];
    return typeof value === "string" ? value : null;
  };
  return { label: read(LABEL_HEADER) ?? "delivery", webhookId: read("webhook-id") };
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
 * one on @leap-workflows/edge's `Request -> Response` handler served through a small adapter. Each
 * handler is built once; the delivery being handled reaches its callbacks through AsyncLocalStorage
 * (onError gets only the error, and the page wants to say which delivery was rejected).
 */
export async function startReceivers(secret: string, log: EventLog): Promise<Receivers> {
  const callbacks = (receiver: "node" | "edge", current: AsyncLocalStorage<DeliveryContext>) => ({
    onRun: (run: { id: string }) => {
      const { label, webhookId } = current.getStore() ?? { label: "delivery", webhookId: null };
      log.add({ type: "delivery", receiver, runId: run.id, webhookId, verified: true, reason: null, label });
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
        });
      },
    },
  });

  const nodeCurrent = new AsyncLocalStorage<DeliveryContext>();
  const node = callbacks("node", nodeCurrent);
  const nodeHandler = nodeWebhookHandler(secret, node.onRun, node.options);
  const nodeServer = createServer((request, response) =>
    nodeCurrent.run(contextOf(request.headers), () => void nodeHandler(request, response)),
  );

  const edgeCurrent = new AsyncLocalStorage<DeliveryContext>();
  const edge = callbacks("edge", edgeCurrent);
  const edgeHandler = edgeWebhookHandler(secret, edge.onRun, edge.options);
  const edgeServer = createServer(
    serveFetchHandler((request) => edgeCurrent.run(contextOf(request.headers), () => edgeHandler(request))),
  );

  const [nodeUrl, edgeUrl] = await Promise.all([listen(nodeServer), listen(edgeServer)]);
  return {
    nodeUrl,
    edgeUrl,
    close: async () => {
      for (const server of [nodeServer, edgeServer]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}
