import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { type AddressInfo, connect as connectTcp } from "node:net";
import { rejection } from "@leap-workflows/test-kit/client-suite";
import { fakeRun } from "@leap-workflows/test-kit/fixture-server";
import { Agent, type Dispatcher, MockAgent } from "undici";
import { afterEach, describe, expect, test } from "vitest";
import { ConfigurationError, ResponseTooLargeError, undiciTransport, Workflows } from "../src/index";

type Handler = (request: IncomingMessage, response: ServerResponse, index: number) => void;

interface Fixture {
  url: string;
  server: Server;
  /** Headers of every request, in arrival order. */
  seen: IncomingMessage["headers"][];
  /** TCP connections the server accepted. */
  connections: () => number;
}

const open: Server[] = [];
afterEach(async () => {
  for (const server of open.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A node:http server on 127.0.0.1 answering with `handler`, which gets the 0-based request number. */
async function serve(handler: Handler): Promise<Fixture> {
  const seen: IncomingMessage["headers"][] = [];
  let connections = 0;
  const server = createServer((request, response) => {
    seen.push(request.headers);
    request.resume();
    request.on("end", () => handler(request, response, seen.length - 1));
  });
  server.on("connection", () => connections++);
  open.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    seen,
    connections: () => connections,
  };
}

function json(response: ServerResponse, status: number, body: unknown, headers = {}): void {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

/** A CONNECT proxy on 127.0.0.1 that records the tunnels it opens. */
async function startProxy(): Promise<{ url: string; tunnels: string[] }> {
  const tunnels: string[] = [];
  const proxy = createServer();
  proxy.on("connect", (request, socket, head) => {
    tunnels.push(request.url ?? "");
    const [host, port] = (request.url ?? "").split(":");
    const upstream = connectTcp(Number(port), host, () => {
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });
  open.push(proxy);
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, tunnels };
}

/** Runs `body` with environment variables set, restoring them afterwards. */
async function withEnv(vars: Record<string, string | undefined>, body: () => Promise<void>): Promise<void> {
  const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(vars);
  try {
    await body();
  } finally {
    apply(saved);
  }
}

describe("undici transport: retries", () => {
  test("a 503 is retried with the same Idempotency-Key, then the run is returned", async () => {
    const fixture = await serve((_, response, index) =>
      index === 0
        ? json(response, 503, { error: { type: "unavailable", message: "busy" } }, { "retry-after-ms": "0" })
        : json(response, 201, fakeRun()),
    );
    const leap = new Workflows({ apiKey: "k", baseUrl: fixture.url, maxRetries: 2 });
    const run = await leap.run({ workflow_id: "wkf_123" });
    expect(run.id).toBe("rnp_x3p27VQk6MyJfLe");
    expect(fixture.seen).toHaveLength(2);
    expect(fixture.seen[0]?.["idempotency-key"]).toBeTruthy();
    expect(fixture.seen[1]?.["idempotency-key"]).toBe(fixture.seen[0]?.["idempotency-key"]);
  });

  test("a connection cut before the answer is retried", async () => {
    const fixture = await serve((request, response, index) => {
      if (index === 0) request.socket.destroy();
      else json(response, 200, fakeRun());
    });
    const leap = new Workflows({ apiKey: "k", baseUrl: fixture.url, maxRetries: 1 });
    expect((await leap.runs.retrieve("rnp_1")).status).toBe("running");
    expect(fixture.seen).toHaveLength(2);
  });

  test("an attempt that times out waiting for headers is retried, then succeeds", async () => {
    const fixture = await serve((_, response, index) => {
      // The first request is left hanging; the client's timeout aborts it and tries again.
      if (index > 0) json(response, 200, fakeRun());
    });
    // A margin a loaded machine cannot miss: the retry must get its answer within the same timeout.
    const leap = new Workflows({ apiKey: "k", baseUrl: fixture.url, timeout: 2_000, maxRetries: 1 });
    expect((await leap.runs.retrieve("rnp_1")).id).toBe("rnp_x3p27VQk6MyJfLe");
    expect(fixture.seen).toHaveLength(2);
  });

  test("maxRetries: 0 sends exactly one request", async () => {
    const fixture = await serve((_, response) =>
      json(response, 500, { error: { type: "boom", message: "boom" } }, { "retry-after-ms": "0" }),
    );
    const leap = new Workflows({ apiKey: "k", baseUrl: fixture.url, maxRetries: 0 });
    await rejection(leap.runs.retrieve("rnp_1"));
    expect(fixture.seen).toHaveLength(1);
  });
});

describe("undici transport: connections", () => {
  test("sequential calls reuse keep-alive connections", async () => {
    const fixture = await serve((_, response) => json(response, 200, fakeRun()));
    const leap = new Workflows({ apiKey: "k", baseUrl: fixture.url, connections: 4 });
    for (let index = 0; index < 10; index++) await leap.runs.retrieve("rnp_1");
    expect(fixture.seen).toHaveLength(10);
    // undici may open a second socket while the first finishes its response, then alternates between them;
    // without keep-alive this would be 10.
    expect(fixture.connections()).toBeLessThanOrEqual(3);
  });

  test("`connections` caps the sockets opened to one origin", async () => {
    const waiting: ServerResponse[] = [];
    const fixture = await serve((_, response) => {
      // Hold answers in pairs: two requests must be in flight at once, so the pool opens its second socket.
      waiting.push(response);
      if (waiting.length >= 2) {
        for (const each of waiting.splice(0)) json(each, 200, fakeRun());
      }
    });
    const leap = new Workflows({ apiKey: "k", baseUrl: fixture.url, connections: 2 });
    const runs = await Promise.all(Array.from({ length: 6 }, () => leap.runs.retrieve("rnp_1")));
    expect(runs).toHaveLength(6);
    expect(fixture.connections()).toBe(2);
  });

  test("a bad `connections` is a ConfigurationError naming it", () => {
    for (const connections of [0, -1, 1.5, Number.NaN]) {
      let error: unknown;
      try {
        new Workflows({ apiKey: "k", connections });
      } catch (caught) {
        error = caught;
      }
      expect(ConfigurationError.isInstance(error), String(connections)).toBe(true);
      expect((error as Error).message).toMatch(/connections/);
    }
  });

  test("a caller's dispatcher carries the requests", async () => {
    const fixture = await serve((_, response) => json(response, 200, fakeRun()));
    const paths: string[] = [];
    const dispatcher: Dispatcher = new Agent().compose((dispatch) => (options, handler) => {
      paths.push(`${options.method} ${options.path}`);
      return dispatch(options, handler);
    });
    const leap = new Workflows({ apiKey: "k", baseUrl: fixture.url, dispatcher });
    await leap.runs.retrieve("rnp_1");
    expect(paths).toEqual(["GET /v1/runs/rnp_1"]);
  });

  // The transport talks to undici's dispatch API with its own handler: undici's mocks must still answer it.
  test("a MockAgent answers the client (run, then a 500 retried, then a body over the cap)", async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const pool = agent.get("https://api.example.test");
    pool.intercept({ path: "/v1/runs", method: "POST" }).reply(201, fakeRun({ id: "rnp_mocked" }));
    pool.intercept({ path: "/v1/runs/rnp_mocked", method: "GET" }).reply(500, { error: "busy" });
    pool
      .intercept({ path: "/v1/runs/rnp_mocked", method: "GET" })
      .reply(200, fakeRun({ id: "rnp_mocked", status: "completed" }));
    pool.intercept({ path: "/v1/runs/rnp_big", method: "GET" }).reply(200, "x".repeat(4096));
    const leap = new Workflows({ apiKey: "k", baseUrl: "https://api.example.test", dispatcher: agent });
    expect((await leap.run({ workflow_id: "wkf_1" })).id).toBe("rnp_mocked");
    expect((await leap.runs.retrieve("rnp_mocked")).status).toBe("completed");
    const error = await rejection(leap.runs.retrieve("rnp_big", { maxResponseBytes: 1024 }));
    expect(ResponseTooLargeError.isInstance(error), String(error)).toBe(true);
    agent.assertNoPendingInterceptors();
    await agent.close();
  });

  test("`fetch` together with `dispatcher` or `connections` is a ConfigurationError", () => {
    expect(() => new Workflows({ apiKey: "k", fetch, connections: 2 })).toThrow(/fetch/);
    expect(() => new Workflows({ apiKey: "k", fetch, dispatcher: new Agent() })).toThrow(/fetch/);
  });

  test("undiciTransport() plugs into any client as a transport", async () => {
    const fixture = await serve((_, response) => json(response, 200, fakeRun({ status: "completed" })));
    const leap = new Workflows({ apiKey: "k", baseUrl: fixture.url, transport: undiciTransport() });
    expect((await leap.runs.retrieve("rnp_1")).status).toBe("completed");
  });
});

describe("undici transport: proxy environment", () => {
  test("NO_PROXY exempts a host from HTTP_PROXY", async () => {
    const fixture = await serve((_, response) => json(response, 200, fakeRun()));
    const proxy = await startProxy();
    await withEnv(
      { HTTP_PROXY: proxy.url, NO_PROXY: "127.0.0.1", http_proxy: undefined, no_proxy: undefined },
      async () => {
        const leap = new Workflows({ apiKey: "k", baseUrl: fixture.url, connections: 2 });
        await leap.runs.retrieve("rnp_1");
      },
    );
    expect(proxy.tunnels).toEqual([]);
    expect(fixture.seen).toHaveLength(1);
  });

  test("HTTPS_PROXY alone does not capture plain-http calls, HTTP_PROXY does", async () => {
    const fixture = await serve((_, response) => json(response, 200, fakeRun()));
    const proxy = await startProxy();
    const unset = { HTTP_PROXY: undefined, http_proxy: undefined, NO_PROXY: undefined, no_proxy: undefined };
    await withEnv({ ...unset, HTTPS_PROXY: proxy.url }, async () => {
      await new Workflows({ apiKey: "k", baseUrl: fixture.url, connections: 2 }).runs.retrieve("rnp_1");
    });
    expect(proxy.tunnels).toEqual([]);
    await withEnv({ ...unset, HTTP_PROXY: proxy.url }, async () => {
      await new Workflows({ apiKey: "k", baseUrl: fixture.url, connections: 2 }).runs.retrieve("rnp_1");
    });
    expect(proxy.tunnels).toEqual([fixture.url.replace("http://", "")]);
  });
});
