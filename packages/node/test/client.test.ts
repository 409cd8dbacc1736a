import { createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { clientSuite, rejection } from "@leap-workflows/test-kit/client-suite";
import { type FixtureServer, fakeRun, startFixtureServer } from "@leap-workflows/test-kit/fixture-server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { APIConnectionError, APITimeoutError, APIUserAbortError, Workflows } from "../src/index";

// The same behaviour as core's fetch client, proven with the same suite on the undici transport.
clientSuite("node, undici transport", (options) => new Workflows(options));

describe("undici transport", () => {
  let fixture: FixtureServer;
  beforeAll(async () => {
    fixture = await startFixtureServer();
  });
  afterAll(() => fixture.close());

  test("a body that stalls past the timeout is an APITimeoutError", async () => {
    const server = createHttpServer((_, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{"id":"rnp_1",');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const leap = new Workflows({
        apiKey: "k",
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        timeout: 100,
        maxRetries: 0,
      });
      expect(APITimeoutError.isInstance(await rejection(leap.runs.retrieve("rnp_1")))).toBe(true);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  test("an abort while the body is read is an APIUserAbortError", async () => {
    const server = createHttpServer((_, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write("{");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const leap = new Workflows({
        apiKey: "k",
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const error = await rejection(leap.runs.retrieve("rnp_1", { signal: controller.signal }));
      expect(APIUserAbortError.isInstance(error)).toBe(true);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  test("a refused connection is an APIConnectionError naming the URL and the cause", async () => {
    const leap = new Workflows({ apiKey: "k", baseUrl: "http://127.0.0.1:1", maxRetries: 0 });
    const error = (await rejection(leap.runs.retrieve("rnp_1"))) as Error;
    expect(APIConnectionError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/127\.0\.0\.1:1.*ECONNREFUSED/);
  });

  test("a caller's fetch is still accepted", async () => {
    fixture.handle(() => ({ body: fakeRun() }));
    const seen: string[] = [];
    const leap = new Workflows({
      apiKey: "k",
      baseUrl: fixture.url,
      fetch: (url, init) => {
        seen.push(url);
        return fetch(url, init);
      },
    });
    await leap.runs.retrieve("rnp_1");
    expect(seen).toEqual([`${fixture.url}/v1/runs/rnp_1`]);
  });
});
