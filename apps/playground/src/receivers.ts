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

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/leap`;
}

function labelOf(headers: Headers | IncomingMessage["headers"]): string {
  const value = headers instanceof Headers ? headers.get(LABEL_HEADER) : headers[LABEL_HEADER];
  return typeof value === "string" ? value : "delivery";
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
 * one on @leap-workflows/edge's `Request -> Response` handler served through a small adapter.
 */
export async function startReceivers(secret: string, log: EventLog): Promise<Receivers> {
  const nodeSeen = createMemoryIdStore();
  const nodeServer = createServer((request, response) => {
    const label = labelOf(request.headers);
    const webhookId = (request.headers["webhook-id"] as string | undefined) ?? null;
    const handle = nodeWebhookHandler(
      secret,
      (run) =>
        log.add({
          type: "delivery",
          receiver: "node",
          runId: run.id,
          webhookId,
          verified: true,
          reason: null,
          label,
        }),
      {
        dedupe: nodeSeen,
        onError: (error) =>
          log.add({
            type: "delivery",
            receiver: "node",
            runId: null,
            webhookId,
            verified: false,
            reason: reasonOf(error),
            label,
          }),
      },
    );
    void handle(request, response);
  });

  const edgeSeen = createMemoryIdStore();
  const edgeServer = createServer(
    serveFetchHandler(async (request) => {
      const label = labelOf(request.headers);
      const webhookId = request.headers.get("webhook-id");
      const handle = edgeWebhookHandler(
        secret,
        (run) =>
          log.add({
            type: "delivery",
            receiver: "edge",
            runId: run.id,
            webhookId,
            verified: true,
            reason: null,
            label,
          }),
        {
          dedupe: edgeSeen,
          onError: (error) =>
            log.add({
              type: "delivery",
              receiver: "edge",
              runId: null,
              webhookId,
              verified: false,
              reason: reasonOf(error),
              label,
            }),
        },
      );
      return handle(request);
    }),
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
