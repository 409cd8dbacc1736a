import type { IncomingMessage, ServerResponse } from "node:http";
import { LeapError, ValidationError } from "@leap-workflows/node";
import { parseOutputCsv } from "../csv-rows";
import { followBulk, followRun } from "../follow";
import type { Stack } from "../stack";
import { TAMPERINGS, type Tampering, tamper } from "../tamper";
import { traceIdOfUrl } from "../trace";
import { examples, findWorkflow } from "../workflows/definitions";
import { type CsvHosting, readOutputCsv } from "./csv-hosting";
import { type RequestHandler, readJson, sendJson } from "./http";
import type { WebhookFanout } from "./webhook-fanout";

type Route = (request: IncomingMessage, response: ServerResponse, params: string[]) => Promise<void>;

/** What the page's API needs besides the stack. */
export interface JsonApiOptions {
  /** The playground's own origin, for the URLs it gives the API (webhooks, input CSVs). */
  origin: () => string;
  fanout: WebhookFanout;
  csvs: CsvHosting;
}

/** A count of attempts the receivers are down for, 0-3 (the dev server's retries outlast 3). */
const outageOf = (value: unknown) => (Number.isInteger(value) ? Math.min(Math.max(Number(value), 0), 3) : 0);

/** The page's small JSON API: everything the page does goes through here, with the API key server side. */
export function jsonApi(stack: Stack, options: JsonApiOptions): RequestHandler {
  const { leap, log, devServer, history } = stack;
  const { fanout, csvs, origin } = options;

  // The URL tells a restarted playground which attempts were refused on purpose (and may carry a trace).
  const remember = (subjectId: string, url: string) => {
    history.append({ kind: "webhook_url", subjectId, url });
    const traceId = traceIdOfUrl(url);
    if (traceId) log.add({ type: "trace", subjectId, traceId });
  };

  const outputRows = async (bulkId: string) => {
    const bulk = await leap.bulkRuns.retrieve(bulkId);
    if (!bulk.output_csv_url) throw new Error(`${bulkId} has no output CSV yet (it is ${bulk.status})`);
    return readOutputCsv(stack, bulk.output_csv_url);
  };

  const routes: [string, RegExp, Route][] = [
    [
      "GET",
      /^\/api\/state$/,
      async (_, response) =>
        sendJson(response, 200, { workflows: devServer.workflowIds, examples, tamperings: TAMPERINGS }),
    ],
    [
      "POST",
      /^\/api\/runs$/,
      async (request, response) => {
        const body = await readJson(request);
        const workflow = findWorkflow(String(body.workflow_id));
        if (!workflow) {
          sendJson(response, 400, {
            error: { message: `Unknown workflow ${JSON.stringify(body.workflow_id)}` },
          });
          return;
        }
        // The workflow's inputs schema checks the page's JSON before anything is sent: a mistake comes
        // back as a ValidationError naming the field (shown under the inputs box).
        const webhookUrl = fanout.webhookUrl(origin(), outageOf(body.outage));
        const run = await leap.run(workflow, body.inputs as never, { webhookUrl });
        log.add({ type: "run", run });
        remember(run.id, webhookUrl);
        followRun(stack, run.id, workflow);
        sendJson(response, 201, run);
      },
    ],
    [
      "POST",
      /^\/api\/tamper$/,
      async (request, response) => {
        const body = await readJson(request);
        const kind = body.kind as Tampering;
        const delivery = fanout.delivered(String(body.runId));
        if (!delivery || !(kind in TAMPERINGS)) {
          sendJson(response, 400, {
            error: { message: "Pick a run whose webhook has arrived, and a tampering" },
          });
          return;
        }
        const tampered = await tamper(delivery, kind, devServer.webhookSecret);
        const statuses = await fanout.resend(tampered, `tampered: ${TAMPERINGS[kind]}`);
        sendJson(response, 200, { statuses });
      },
    ],
    [
      "POST",
      /^\/api\/bulk$/,
      async (request, response) => {
        const body = await readJson(request);
        const webhookUrl = fanout.webhookUrl(origin());
        const bulk = await leap.bulkRuns.create({
          workflow_id: body.workflow_id as string,
          input_csv_url: csvs.host(origin(), String(body.csv ?? "")),
          webhook_url: webhookUrl,
        });
        // Its rows are not read yet (row_count is 0 until then), so the total is not known.
        log.add({ type: "bulk", bulk, rows: { completed: 0, failed: 0, total: null } });
        remember(bulk.id, webhookUrl);
        followBulk(stack, bulk.id);
        sendJson(response, 201, bulk);
      },
    ],
    [
      "GET",
      /^\/api\/bulk\/([^/]+)\/output\.csv$/,
      async (_, response, [id = ""]) => {
        const csv = await outputRows(id);
        response.writeHead(200, { "content-type": "text/csv; charset=utf-8" }).end(csv);
      },
    ],
    [
      "GET",
      /^\/api\/bulk\/([^/]+)\/rows$/,
      async (_, response, [id = ""]) =>
        sendJson(response, 200, { rows: parseOutputCsv(await outputRows(id)) }),
    ],
  ];

  return (request, response, path) => {
    for (const [method, pattern, route] of routes) {
      const match = request.method === method ? pattern.exec(path) : null;
      if (!match) continue;
      route(request, response, match.slice(1).map(decodeURIComponent)).catch((error: unknown) => {
        // Inputs the SDK refused before sending are an outcome the page shows, not a failed request (a 4xx
        // would put an error in the browser's console on every typo).
        if (ValidationError.isInstance(error)) {
          sendJson(response, 200, { refused: { message: error.message } });
          return;
        }
        const status = LeapError.isInstance(error) && "status" in error ? Number(error.status) : 400;
        sendJson(response, Math.max(status, 400), { error: { message: (error as Error).message } });
      });
      return true;
    }
    return false;
  };
}
