import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { fakeRun } from "@leap-workflows/test-kit/fixture-server";
import { describe, expect, test } from "vitest";
import { APIError, RedirectError, ResponseTooLargeError, Workflows } from "../src/index";

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
}

const run = (status: string) => fakeRun({ id: "rnp_1", status });

// What only the fetch transport decides; everything else is in the shared client suite.
describe("fetch transport", () => {
  test("an opaque redirect (a browser's answer to redirect: manual) is a RedirectError without Location", async () => {
    const calls: RequestInit[] = [];
    // Browsers hide a manual redirect as type "opaqueredirect", status 0; Node cannot build one, so it is faked.
    const opaque = {
      type: "opaqueredirect",
      status: 0,
      headers: new Headers(),
      body: null,
    } as unknown as Response;
    const leap = new Workflows({
      apiKey: "sk_hidden",
      baseUrl: "https://api.example",
      maxRetries: 2,
      fetch: async (_, init) => {
        calls.push(init);
        return opaque;
      },
    });
    const error = (await rejection(leap.runs.retrieve("rnp_1"))) as RedirectError;
    expect(RedirectError.isInstance(error)).toBe(true);
    expect(APIError.isInstance(error)).toBe(true);
    expect(error.status).toBe(0);
    expect(error.location).toBeUndefined();
    expect(error.message).toMatch(/redirect/);
    expect(calls).toHaveLength(1);
  });

  test("every request asks fetch not to follow redirects", async () => {
    const server = createServer((request, response) => {
      const post = request.method === "POST";
      response.writeHead(post ? 201 : 200, { "content-type": "application/json" });
      response.end(JSON.stringify(run(post ? "running" : "completed")));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const modes: (RequestRedirect | undefined)[] = [];
      const leap = new Workflows({
        apiKey: "k",
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        fetch: (input, init) => {
          modes.push(init.redirect);
          return fetch(input, init);
        },
      });
      await leap.runAndWait({ workflow_id: "wkf_1" }, { initialInterval: 5 });
      expect(modes).toEqual(["manual", "manual"]);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  test("a compressed body whose Content-Length is within the cap is still capped as fetch inflates it", async () => {
    // fetch decodes Content-Encoding, so a small declared length can inflate into any size. End to end here;
    // read-body.test.ts proves the reading itself stops at the cap.
    const inflated = JSON.stringify({ ...run("completed"), output: { padding: " ".repeat(512 * 1024) } });
    const compressed = gzipSync(inflated);
    const server = createServer((_, response) => {
      response.writeHead(200, {
        "content-type": "application/json",
        "content-encoding": "gzip",
        "content-length": String(compressed.length),
      });
      response.end(compressed);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const leap = new Workflows({
        apiKey: "k",
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        maxRetries: 0,
      });
      expect(compressed.length).toBeLessThan(64 * 1024);
      const error = await rejection(leap.runs.retrieve("rnp_1", { maxResponseBytes: 64 * 1024 }));
      expect(ResponseTooLargeError.isInstance(error), String(error)).toBe(true);
      // Within the cap, the same answer is read (so the refusal above is the cap's, not the encoding's).
      expect((await leap.runs.retrieve("rnp_1")).id).toBe("rnp_1");
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
