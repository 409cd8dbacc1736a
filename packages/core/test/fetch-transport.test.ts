import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, test } from "vitest";
import { APIError, RedirectError, Workflows } from "../src/index";

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
}

const run = (status: string) => ({
  id: "rnp_1",
  version_id: "vsp_1",
  status,
  created_at: "2026-11-28T12:00:00.000Z",
  started_at: null,
  ended_at: null,
  workflow_id: "wkf_1",
  error: null,
  input: {},
  output: null,
});

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
});
