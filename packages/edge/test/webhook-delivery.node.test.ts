import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createDevServer, type DevServer } from "@leap-workflows/dev-server";
import { fakeRun } from "@leap-workflows/test-kit/fixture-server";
import { afterEach, describe, expect, test } from "vitest";
import { type WorkflowRun, Workflows, webhookHandler } from "../src/index";
import { createWebhookHeaders } from "../src/testing";

// The edge handler is `Request -> Response`; this adapter serves it over real HTTP, as a platform would.
async function serveFetchHandler(handle: (request: Request) => Promise<Response>): Promise<string> {
  const server = createServer(async (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(incoming.headers)) {
      for (const each of Array.isArray(value) ? value : value === undefined ? [] : [value])
        headers.append(name, each);
    }
    const request = new Request(`http://${incoming.headers.host}${incoming.url}`, {
      method: incoming.method ?? "GET",
      headers,
      ...(incoming.method === "GET" || incoming.method === "HEAD" ? {} : { body: Buffer.concat(chunks) }),
    });
    const response = await handle(request);
    outgoing.writeHead(response.status, Object.fromEntries(response.headers));
    outgoing.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/leap`;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function devServer(): Promise<{ server: DevServer; leap: Workflows }> {
  const server = await createDevServer({ webhookRetryDelays: [0.05, 0.05] });
  cleanups.push(() => server.close());
  return { server, leap: new Workflows({ apiKey: "leap_dev_key", baseUrl: server.url }) };
}

function collector(): {
  onRun: (run: WorkflowRun) => void;
  runs: WorkflowRun[];
  first: Promise<WorkflowRun>;
} {
  const runs: WorkflowRun[] = [];
  let resolve: (run: WorkflowRun) => void = () => {};
  const first = new Promise<WorkflowRun>((done, fail) => {
    resolve = done;
    setTimeout(() => fail(new Error("no webhook within 60 s")), 60_000).unref();
  });
  return {
    runs,
    first,
    onRun: (run) => {
      runs.push(run);
      resolve(run);
    },
  };
}

describe("edge webhookHandler end to end, over HTTP", () => {
  test("the dev server delivers a signed webhook; onRun gets the verified run", async () => {
    const { server, leap } = await devServer();
    const { onRun, first } = collector();
    const url = await serveFetchHandler(webhookHandler(server.webhookSecret, onRun));
    const created = await leap.run({
      workflow_id: "wkf_fail",
      inputs: { message: "boom" },
      webhook_url: url,
    });
    const delivered = await first;
    expect(delivered).toEqual(await leap.runs.retrieve(created.id));
    expect(delivered).toMatchObject({ id: created.id, status: "failed", error: "boom" });
  });

  test("real signed POSTs: 200 once, duplicate dropped, 401 tampered, 400 not a run", async () => {
    const { server } = await devServer();
    const { onRun, runs } = collector();
    const url = await serveFetchHandler(webhookHandler(server.webhookSecret, onRun));
    const body = JSON.stringify(fakeRun({ id: "rnp_http", status: "completed", output: { ok: 1 } }));
    const headers = await createWebhookHeaders({ secret: server.webhookSecret, body });
    const post = async (sent: string, signed: Record<string, string>) => {
      const response = await fetch(url, { method: "POST", body: sent, headers: signed });
      return { status: response.status, body: await response.json() };
    };
    expect(await post(body, headers)).toEqual({ status: 200, body: { ok: true } });
    expect(await post(body, headers)).toEqual({ status: 200, body: { ok: true, duplicate: true } });
    expect((await post(body.replace('"ok":1', '"ok":2'), headers)).status).toBe(401);
    const notRun = '{"id":"rnp_http"}';
    expect(
      await post(notRun, await createWebhookHeaders({ secret: server.webhookSecret, body: notRun })),
    ).toMatchObject({ status: 400, body: { error: { type: "invalid_body" } } });
    expect(runs.map((run) => run.id)).toEqual(["rnp_http"]);
  });

  test("a secret with confirmWith still requires the signature; a missing secret fails at setup", async () => {
    const { server, leap } = await devServer();
    const { onRun, runs } = collector();
    const url = await serveFetchHandler(webhookHandler(server.webhookSecret, onRun, { confirmWith: leap }));
    const response = await fetch(url, { method: "POST", body: '{"id":"rnp_x"}' });
    expect(response.status).toBe(401);
    expect(runs).toEqual([]);
    expect(() => webhookHandler(undefined as unknown as string, () => {})).toThrow(/LEAP_WEBHOOK_SECRET/);
    expect(() => webhookHandler(null, () => {})).toThrow(/confirmWith/);
  });

  test("confirmWith: the unsigned body only names the run; onRun gets it from runs.retrieve", async () => {
    const { leap } = await devServer();
    const { onRun, first } = collector();
    const url = await serveFetchHandler(webhookHandler(null, onRun, { confirmWith: leap }));
    const created = await leap.runs.createAndWait({ workflow_id: "wkf_echo", inputs: { real: true } });
    const forged = JSON.stringify({ id: created.id, status: "failed", output: { real: false } });
    const response = await fetch(url, { method: "POST", body: forged });
    expect(response.status).toBe(200);
    expect(await first).toEqual(await leap.runs.retrieve(created.id));
    expect((await first).output).toEqual({ real: true });
  });
});
