import { clientSuite } from "@leap-workflows/test-kit/client-suite";
import { type FixtureServer, fakeRun, startFixtureServer } from "@leap-workflows/test-kit/fixture-server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Workflows } from "../src/index";

// Core's client behaviour, through the edge package, with the edge runtime's fetch, Headers and AbortController.
clientSuite("edge package, edge-runtime fetch", (options) => new Workflows(options));

describe("edge pitfalls", () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixtureServer();
  });
  afterAll(() => server.close());

  test("runs in the edge runtime", () => {
    // Vitest's environment still leaks Node's Buffer here, so "no Buffer" is proven by the worker bundle
    // check and by workerd (runtimes.node.test.ts) instead.
    expect(typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime).toBe("string");
  });

  test("every request, polling included, opts out of fetch caching (Next.js caches by default)", async () => {
    let polls = 0;
    server.handle((request) =>
      request.method === "POST"
        ? { status: 201, body: fakeRun() }
        : { body: fakeRun(++polls < 2 ? {} : { status: "completed" }) },
    );
    const caching: (RequestCache | undefined)[] = [];
    const leap = new Workflows({
      apiKey: "k",
      baseUrl: server.url,
      fetch: (input, init) => {
        caching.push(init.cache);
        return fetch(input, init);
      },
    });
    await leap.runAndWait({ workflow_id: "wkf_1" }, { initialInterval: 5 });
    expect(caching.length).toBe(3);
    expect(caching.every((cache) => cache === "no-store")).toBe(true);
  });

  test("a fetch passed in options is called as a plain function, never as a method", async () => {
    server.handle(() => ({ body: fakeRun() }));
    const receivers: unknown[] = [];
    const leap = new Workflows({
      apiKey: "k",
      baseUrl: server.url,
      fetch: function (this: unknown, input, init) {
        receivers.push(this);
        return fetch(input, init);
      },
    });
    await leap.runs.retrieve("rnp_1");
    // Cloudflare's fetch throws "Illegal invocation" when `this` is anything but the global scope or undefined.
    expect(receivers).toEqual([undefined]);
  });
});
