import { request as httpRequest } from "node:http";
import { Workflows } from "@leap-workflows/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDevServer, type DevServer } from "../src/index";
import { createOutputLinkSigner } from "../src/server/output-link";

let server: DevServer;
let port: string;
beforeAll(async () => {
  server = await createDevServer({
    apiKeys: ["key_a", "key_b"],
    allowedHosts: ["dev.example.test", ".tunnel.example.test"],
    webhookRetryDelays: [],
  });
  port = new URL(server.url).port;
});
afterAll(() => server.close());

/** A raw request (node:http lets a test choose the Host header and send bytes that are not UTF-8). */
function send(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<{ status: number; text: string; json: () => { error: { type: string; message: string } } }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(`${server.url}${path}`, {
      method: options.method ?? "GET",
      headers: { "x-api-key": "key_a", "content-type": "application/json", ...options.headers },
    });
    outgoing.once("error", reject);
    outgoing.once("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.once("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: response.statusCode ?? 0, text, json: () => JSON.parse(text) });
      });
    });
    outgoing.end(options.body);
  });
}

describe("DNS rebinding", () => {
  test("a page that rebinds its DNS name to 127.0.0.1 gets 403, even with the default key", async () => {
    for (const host of [`evil.example:${port}`, "evil.example", `127.0.0.1.evil.example:${port}`]) {
      const answer = await send("/v1/runs", {
        method: "POST",
        headers: { host },
        body: '{"workflow_id":"wkf_echo"}',
      });
      expect({ host, status: answer.status }).toEqual({ host, status: 403 });
      expect(answer.json().error.type).toBe("host_not_allowed");
    }
    expect((await send("/", { headers: { host: "evil.example" } })).status).toBe(403);
    expect(server.listRuns()).toEqual([]);
  });

  test("loopback names, --host and --allowed-host names (and subdomains of a .name) are answered", async () => {
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      "LOCALHOST",
      `[::1]:${port}`,
      "dev.example.test",
      "a.tunnel.example.test:443",
      "tunnel.example.test",
    ]) {
      const answer = await send("/", { headers: { host } });
      expect({ host, status: answer.status }).toEqual({ host, status: 200 });
    }
    expect((await send("/", { headers: { host: "notdev.example.test" } })).status).toBe(403);
  });
});

describe("bad input", () => {
  test("inputs nested 50,000 deep answer 400 naming the cap, not 500", async () => {
    const deep = `${"[".repeat(50_000)}${"]".repeat(50_000)}`;
    const answer = await send("/v1/runs", {
      method: "POST",
      headers: { "idempotency-key": "deep" },
      body: `{"workflow_id":"wkf_echo","inputs":{"a":${deep}}}`,
    });
    expect(answer.status).toBe(400);
    expect(answer.json().error.message).toMatch(/deeper than 64 levels/);
    const shallow = `${"[".repeat(60)}${"]".repeat(60)}`;
    const ok = await send("/v1/runs", {
      method: "POST",
      body: `{"workflow_id":"wkf_echo","inputs":{"a":${shallow}}}`,
    });
    expect(ok.status).toBe(201);
  });

  test("two bodies that differ only in invalid UTF-8 cannot share an Idempotency-Key: both are 400", async () => {
    const body = (byte: number) =>
      Buffer.concat([
        Buffer.from('{"workflow_id":"wkf_echo","inputs":{"x":"'),
        Buffer.of(byte),
        Buffer.from('"}}'),
      ]);
    for (const byte of [0xff, 0xfe]) {
      const answer = await send("/v1/runs", {
        method: "POST",
        headers: { "idempotency-key": "utf8" },
        body: body(byte),
      });
      expect(answer.status).toBe(400);
      expect(answer.json().error.message).toMatch(/UTF-8/);
    }
    expect(server.listRuns().filter((run) => run.idempotency_key === "utf8")).toEqual([]);
  });

  test("the fingerprint stays key-order insensitive: the same fields in another order replay", async () => {
    const headers = { "idempotency-key": "order" };
    const first = await send("/v1/runs", {
      method: "POST",
      headers,
      body: '{"workflow_id":"wkf_echo","inputs":{"a":1,"b":2}}',
    });
    const again = await send("/v1/runs", {
      method: "POST",
      headers,
      body: '{"inputs":{"b":2,"a":1},"workflow_id":"wkf_echo"}',
    });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(JSON.parse(again.text).id).toBe(JSON.parse(first.text).id);
  });
});

describe("tenancy", () => {
  test("one API key's Idempotency-Key never replays another key's run", async () => {
    const body = '{"workflow_id":"wkf_echo","inputs":{"secret":"of a"}}';
    const post = (key: string) =>
      send("/v1/runs", { method: "POST", headers: { "x-api-key": key, "idempotency-key": "shared" }, body });
    const a = await post("key_a");
    const b = await post("key_b");
    const aAgain = await post("key_a");
    expect([a.status, b.status, aAgain.status]).toEqual([201, 201, 200]);
    expect(JSON.parse(b.text).id).not.toBe(JSON.parse(a.text).id);
    expect(JSON.parse(aAgain.text).id).toBe(JSON.parse(a.text).id);
    expect(server.listRuns().filter((run) => run.idempotency_key === "shared")).toHaveLength(2);
  });
});

describe("output CSV links", () => {
  test("an output CSV cannot be read without the API key or its signed, unexpired link", async () => {
    const csvServer = await import("node:http").then(({ createServer }) =>
      createServer((_, response) => response.end("n\n1\n")),
    );
    await new Promise<void>((resolve) => csvServer.listen(0, "127.0.0.1", resolve));
    try {
      const leap = new Workflows({ apiKey: "key_a", baseUrl: server.url, maxRetries: 0 });
      const csvPort = (csvServer.address() as { port: number }).port;
      const created = await leap.bulkRuns.create({
        workflow_id: "wkf_echo",
        input_csv_url: `http://127.0.0.1:${csvPort}/rows.csv`,
      });
      const done = await leap.bulkRuns.wait(created.id, { initialInterval: 10 });
      const link = new URL(done.output_csv_url ?? "");
      expect(link.searchParams.get("expires")).toMatch(/^\d+$/);
      // The signed link works in a browser (no key); the bare path needs the key.
      expect((await fetch(link)).status).toBe(200);
      const bare = `${link.pathname}`;
      expect((await send(bare, { headers: { "x-api-key": "" } })).status).toBe(401);
      expect((await send(bare)).status).toBe(200);
      const forged = new URL(link);
      forged.searchParams.set("expires", String(Number(link.searchParams.get("expires")) + 86_400));
      expect((await fetch(forged)).status).toBe(403);
      const otherRun = link.href.replace(created.id, "bkr_000000000000000");
      expect((await fetch(otherRun)).status).toBe(403);
    } finally {
      await new Promise<void>((resolve) => csvServer.close(() => resolve()));
    }
  });

  test("a signed link expires; a tampered or foreign signature is refused", () => {
    const signer = createOutputLinkSigner(Buffer.alloc(32, 1), 3600);
    const path = "/v1/runs/bulk/bkr_1/output.csv";
    const now = Date.UTC(2026, 0, 1);
    const query = new URLSearchParams(signer.sign(path, now));
    expect(signer.refusal(path, query, now + 3_599_000)).toBeUndefined();
    expect(signer.refusal(path, query, now + 3_601_000)).toMatch(/expired/);
    expect(signer.refusal("/v1/runs/bulk/bkr_2/output.csv", query, now)).toMatch(/not valid/);
    const other = createOutputLinkSigner(Buffer.alloc(32, 2), 3600);
    expect(other.refusal(path, query, now)).toMatch(/not valid/);
  });
});
