import { type FixtureServer, fakeRun, startFixtureServer } from "@leap-workflows/test-kit/fixture-server";
import { afterAll, beforeAll, expect, test } from "vitest";
import * as route from "../examples/next-route";
import { generateWebhookSecret } from "../src/index";
import { createWebhookHeaders } from "../src/testing";

// The runtimes guide's Next.js Edge route handler, called the way Next.js calls it, with the edge runtime's globals.
let server: FixtureServer;
const saved = { ...process.env };
const secret = generateWebhookSecret();
beforeAll(async () => {
  server = await startFixtureServer();
  Object.assign(process.env, {
    LEAP_API_KEY: "k_next",
    LEAP_BASE_URL: server.url,
    LEAP_WEBHOOK_SECRET: secret,
  });
});
afterAll(async () => {
  for (const name of ["LEAP_API_KEY", "LEAP_BASE_URL", "LEAP_WEBHOOK_SECRET"]) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  await server.close();
});

test("the route declares the edge runtime", () => {
  expect(typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime).toBe("string");
  expect(route.runtime).toBe("edge");
});

test("GET runs the workflow and answers with the finished run", async () => {
  server.handle((request) =>
    request.method === "POST"
      ? { status: 201, body: fakeRun() }
      : { body: fakeRun({ status: "completed", output: { from: "next" } }) },
  );
  const response = await route.GET(new Request("https://app.test/api/leap?workflow=wkf_echo"));
  expect(await response.json()).toMatchObject({ status: "completed", output: { from: "next" } });
  expect(JSON.parse(server.requests[0]?.body ?? "")).toEqual({
    workflow_id: "wkf_echo",
    inputs: { from: "next" },
    input: { from: "next" },
  });
  expect(server.requests[0]?.headers["x-api-key"]).toBe("k_next");
});

test("POST accepts a signed webhook and rejects a forged one", async () => {
  const body = JSON.stringify(fakeRun({ status: "completed" }));
  const post = async (signingSecret: string) =>
    route.POST(
      new Request("https://app.test/api/leap", {
        method: "POST",
        body,
        headers: await createWebhookHeaders({ secret: signingSecret, body }),
      }),
    );
  expect((await post(secret)).status).toBe(200);
  const forged = await post(generateWebhookSecret());
  expect(forged.status).toBe(401);
  expect(await forged.json()).toEqual({ error: "no_matching_signature" });
});
