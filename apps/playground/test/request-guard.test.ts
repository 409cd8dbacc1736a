import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startAppServer } from "../src/app-server";
import { type Stack, startStack } from "../src/stack";

let stack: Stack;
let app: Awaited<ReturnType<typeof startAppServer>>;
beforeAll(async () => {
  stack = await startStack({ data: ":memory:", webhookRetryDelays: [] });
  app = await startAppServer(stack, { port: 0 });
});
afterAll(async () => {
  await app?.close();
  await stack?.close();
});

/** A raw request to the playground: node:http lets the test set Host and Origin as another page would. */
function send(
  path: string,
  options: { method?: string; headers?: Record<string, string | number>; body?: string } = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(`${app.url}${path}`, {
      method: options.method ?? "GET",
      headers: options.headers,
    });
    outgoing.once("error", reject);
    outgoing.once("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.once("end", () =>
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
      );
    });
    if (options.body !== undefined) outgoing.write(options.body);
    outgoing.end();
  });
}

const runBody = JSON.stringify({ workflow_id: "wkf_echo", inputs: { from: "a test" } });

describe("the playground's JSON API refuses other pages", () => {
  test("a cross-origin text/plain POST from evil.example cannot start a run", async () => {
    const before = stack.devServer.listRuns().length;
    const crossOrigin = await send("/api/runs", {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "text/plain" },
      body: runBody,
    });
    expect(crossOrigin.status).toBe(403);
    const crossOriginJson = await send("/api/runs", {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/json" },
      body: runBody,
    });
    expect(crossOriginJson.status).toBe(403);
    const plain = await send("/api/runs", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: runBody,
    });
    expect(plain.status).toBe(415);
    expect(stack.devServer.listRuns().length).toBe(before);
  });

  test("a page that rebinds its DNS name to 127.0.0.1 cannot read /api/events or the page", async () => {
    for (const path of ["/api/events", "/api/state", "/"]) {
      const answer = await send(path, { headers: { host: `evil.example:${new URL(app.url).port}` } });
      expect({ path, status: answer.status }).toEqual({ path, status: 403 });
    }
  });

  test("a 300 MB POST is refused from its Content-Length, and a POST without one is refused", async () => {
    const huge = await new Promise<number>((resolve, reject) => {
      const outgoing = httpRequest(`${app.url}/api/runs`, {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": 300 * 1024 * 1024 },
      });
      outgoing.once("error", reject);
      outgoing.once("response", (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
        outgoing.destroy();
      });
      outgoing.write("{");
    });
    expect(huge).toBe(413);
    const chunked = await send("/api/runs", {
      method: "POST",
      headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
      body: runBody,
    });
    expect(chunked.status).toBe(411);
  });

  test("the page's own same-origin JSON POST is served", async () => {
    const answer = await send("/api/runs", {
      method: "POST",
      headers: {
        origin: app.url,
        "content-type": "application/json; charset=utf-8",
        "content-length": Buffer.byteLength(runBody),
      },
      body: runBody,
    });
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.text)).toMatchObject({ workflow_id: "wkf_echo" });
  });
});
