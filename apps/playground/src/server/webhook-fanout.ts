import type { EventLog, RunState } from "../event-log";
import type { PlaygroundHistory } from "../history";
import { ATTEMPT_HEADER, LABEL_HEADER, type Receivers } from "../receivers";
import type { RecordedDelivery } from "../tamper";
import { traceIdOf, traceIdOfUrl } from "../trace";
import { type RequestHandler, readBody, sendJson } from "./http";

/** The endpoint every run's and bulk run's `webhook_url` points at. */
const FANOUT_PATH = "/webhooks/fanout";

const SIGNATURE_HEADERS = ["webhook-id", "webhook-timestamp", "webhook-signature"];

/** How many first attempts a `webhook_url` asks the fan-out to refuse (receivers down), 0 when none. */
export function outageOfUrl(url: string): number {
  const outage = Number(new URL(url, "http://fanout").searchParams.get("outage") ?? 0);
  return Number.isInteger(outage) && outage > 0 ? outage : 0;
}

/** The webhook fan-out: one signed delivery handed, byte for byte, to the node and the edge receiver. */
export interface WebhookFanout {
  handle: RequestHandler;
  /** The latest genuine delivery by run id, kept so that the page can tamper with it. */
  delivered(runId: string): RecordedDelivery | undefined;
  /**
   * The `webhook_url` to give the API; with `outage`, the fan-out answers the first `outage` attempts 503
   * without passing them on (receivers down), so the dev server retries. In the URL, so that no race
   * with the first attempt is possible.
   */
  webhookUrl(origin: string, outage?: number): string;
  /** Sends `delivery` to both receivers, labelled for the page; answers their statuses. */
  resend(delivery: RecordedDelivery, label: string): Promise<number[]>;
}

export function createWebhookFanout(
  receivers: Receivers,
  log: EventLog,
  history: PlaygroundHistory,
): WebhookFanout {
  // What earlier sessions delivered can still be tampered with, and a resumed delivery keeps counting.
  const deliveries = history.deliveries();
  const attempts = new Map<string, number>();
  for (const event of log.events)
    if (event.type === "attempt")
      attempts.set(event.webhookId, Math.max(event.attempt, attempts.get(event.webhookId) ?? 0));
  const traced = new Set<string>();

  const post = (headers: Record<string, string>, body: string | Uint8Array<ArrayBuffer>) =>
    Promise.all(
      [receivers.nodeUrl, receivers.edgeUrl].map(async (url) => {
        const answer = await fetch(url, { method: "POST", headers, body });
        await answer.body?.cancel();
        return answer.status;
      }),
    );

  const handle: RequestHandler = async (request, response, path) => {
    if (request.method !== "POST" || path !== FANOUT_PATH) return false;
    const body = await readBody(request);
    const headers: Record<string, string> = { "content-type": "application/json" };
    for (const name of SIGNATURE_HEADERS) {
      const value = request.headers[name];
      if (typeof value === "string") headers[name] = value;
    }
    const text = body.toString("utf8");
    let subjectId: unknown;
    try {
      subjectId = (JSON.parse(text) as { id?: unknown }).id;
    } catch {}
    const webhookId = headers["webhook-id"];
    if (typeof subjectId !== "string" || webhookId === undefined) {
      sendJson(response, 400, { error: { message: "expected a signed delivery of a run or bulk run" } });
      return true;
    }
    // The dev server sends every attempt of one delivery with the same webhook-id: count them.
    const attempt = (attempts.get(webhookId) ?? 0) + 1;
    attempts.set(webhookId, attempt);
    // The trace id that ties the run's creation to this attempt: the attempt's traceparent header, or the
    // one the run's webhook_url carries.
    const traceparent = request.headers.traceparent;
    const traceId =
      traceIdOf(typeof traceparent === "string" ? traceparent : null) ??
      traceIdOfUrl(`http://fanout${request.url}`);
    if (traceId && !traced.has(subjectId)) {
      traced.add(subjectId);
      if (!log.events.some((event) => event.type === "trace" && event.subjectId === subjectId)) {
        log.add({ type: "trace", subjectId, traceId });
        history.append({ kind: "trace", subjectId, traceId });
      }
    }
    if (attempt <= outageOfUrl(request.url ?? "/")) {
      log.add({ type: "attempt", subjectId, webhookId, attempt, answer: 503, outage: true });
      sendJson(response, 503, { error: { message: "the receivers are down (simulated by the playground)" } });
      return true;
    }
    const statuses = await post({ ...headers, [ATTEMPT_HEADER]: String(attempt) }, new Uint8Array(body));
    deliveries.set(subjectId, { body: text, headers });
    history.append({ kind: "delivered", subjectId, delivery: { body: text, headers } });
    // Any receiver failing makes the dev server retry, as a real sender would.
    const answer = statuses.every((status) => status < 300) ? 200 : 502;
    // A verified webhook carries the run as it ended, often before the next poll sees it: show it now.
    // (A bulk run's webhook carries the bulk run, with its row_count.)
    const carried = JSON.parse(text) as RunState;
    if (answer === 200 && !("row_count" in carried)) log.add({ type: "run", run: carried });
    log.add({ type: "attempt", subjectId, webhookId, attempt, answer, outage: false });
    sendJson(response, answer, { statuses });
    return true;
  };

  return {
    handle,
    delivered: (runId) => deliveries.get(runId),
    webhookUrl: (origin, outage = 0) => `${origin}${FANOUT_PATH}${outage > 0 ? `?outage=${outage}` : ""}`,
    resend: (delivery, label) =>
      post({ ...delivery.headers, "content-type": "application/json", [LABEL_HEADER]: label }, delivery.body),
  };
}
