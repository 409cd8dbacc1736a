import { AsyncLocalStorage } from "node:async_hooks";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { BulkRun } from "@leap-workflows/core";
import { createMemoryIdStore, webhookHandler as edgeWebhookHandler } from "@leap-workflows/edge";
import { webhookHandler as nodeWebhookHandler, WebhookVerificationError } from "@leap-workflows/node";
import type { EventLog, PlaygroundEvent } from "./event-log";
import { serveFetchHandler } from "./node-request-adapter";
import { workflows } from "./workflows/definitions";
import { describeRun, type PlaygroundRun } from "./workflows/describe-run";

type Delivery = Extract<PlaygroundEvent, { type: "delivery" }>;

/** Tampered re-sends carry this header so that the page can tell them from real deliveries. */
export const LABEL_HEADER = "x-playground-label";
/** The fan-out numbers each attempt of a delivery, so that the page can put the verdicts on it. */
export const ATTEMPT_HEADER = "x-playground-attempt";

const PATH = "/webhooks/leap";

export interface Receivers {
  /** Webhooks, handled by @leap-workflows/node's webhookHandler; runs typed by the playground's workflows. */
  nodeUrl: string;
  /** Webhooks, handled by @leap-workflows/edge's webhookHandler; runs typed by the playground's workflows. */
  edgeUrl: string;
  close(): Promise<void>;
}

/** What the playground knows about the delivery a receiver is handling, for the event it logs. */
interface DeliveryContext {
  label: string;
  webhookId: string | null;
  attempt: number | null;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function contextOf(headers: Headers | IncomingMessage["headers"]): DeliveryContext {
  const read = (name: string) => {
    const value = headers instanceof Headers ? headers.get(name) : headers[name];
    return typeof value === "string" ? value : null;
  };
  const attempt = Number(read(ATTEMPT_HEADER));
  return {
    label: read(LABEL_HEADER) ?? "delivery",
    webhookId: read("webhook-id"),
    attempt: Number.isInteger(attempt) && attempt > 0 ? attempt : null,
  };
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
  const callbacks = (receiver: "node" | "edge", current: AsyncLocalStorage<DeliveryContext>) => {
    const record = (
      outcome: Pick<Delivery, "runId" | "verified" | "reason" | "detail">,
      kind: "delivery" | "bulk delivery" = "delivery",
    ) => {
      const { label, webhookId, attempt } = current.getStore() ?? {
        label: "delivery",
        webhookId: null,
        attempt: null,
      };
      // Tampered copies keep their label; genuine ones say what they carried.
      const shown = label === "delivery" ? kind : label;
      log.add({ type: "delivery", receiver, webhookId, attempt, label: shown, ...outcome });
    };
    return {
      handlers: {
        workflows,
        onRun: (run: PlaygroundRun) =>
          record({ runId: run.id, verified: true, reason: null, detail: describeRun(run) }),
      },
      options: {
        dedupe: createMemoryIdStore(),
        // A bulk run's webhook carries the bulk run (bkr_…), not a run.
        onBulkRun: (bulkRun: BulkRun) =>
          record(
            {
              runId: bulkRun.id,
              verified: true,
              reason: null,
              detail: `${bulkRun.status}, ${bulkRun.row_count ?? 0} rows`,
            },
            "bulk delivery",
          ),
        onError: (error: unknown) =>
          record({ runId: null, verified: false, reason: reasonOf(error), detail: null }),
      },
    };
  };

  const nodeCurrent = new AsyncLocalStorage<DeliveryContext>();
  const node = callbacks("node", nodeCurrent);
  const nodeHandler = nodeWebhookHandler(secret, node.handlers, node.options);
  const nodeServer = createServer((request, response) =>
    nodeCurrent.run(contextOf(request.headers), () => void nodeHandler(request, response)),
  );

  const edgeCurrent = new AsyncLocalStorage<DeliveryContext>();
  const edge = callbacks("edge", edgeCurrent);
  const edgeHandler = edgeWebhookHandler(secret, edge.handlers, edge.options);
  const edgeServer = createServer(
    serveFetchHandler((request) => edgeCurrent.run(contextOf(request.headers), () => edgeHandler(request))),
  );

  const [nodeOrigin, edgeOrigin] = await Promise.all([listen(nodeServer), listen(edgeServer)]);
  return {
    nodeUrl: `${nodeOrigin}${PATH}`,
    edgeUrl: `${edgeOrigin}${PATH}`,
    close: async () => {
      for (const server of [nodeServer, edgeServer]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}
