import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fakeRun } from "@leap-workflows/test-kit/fixture-server";
import express from "express";
import { afterEach, describe, expect, test } from "vitest";
import { generateWebhookSecret, type WorkflowRun, webhookHandler } from "../src/index";
import { createWebhookHeaders } from "../src/testing";

const secret = generateWebhookSecret();
const run = fakeRun({ id: "rnp_1", status: "completed", input: { a: 1 }, output: { a: 1 } });

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function listen(listener: RequestListener): Promise<string> {
  server = createServer(listener);
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function deliver(url: string, body: string, headers?: Record<string, string>) {
  const signed = headers ?? (await createWebhookHeaders({ secret, body }));
  const response = await fetch(url, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...signed },
  });
  return { status: response.status, body: await response.json(), headers: signed };
}

describe("node webhookHandler", () => {
  test("verifies, calls onRun once per delivery, and drops a repeated webhook-id", async () => {
    const received: WorkflowRun[] = [];
    const url = await listen(webhookHandler(secret, (verified) => void received.push(verified)));
    const body = JSON.stringify(run);
    const first = await deliver(url, body);
    expect(first).toMatchObject({ status: 200, body: { ok: true } });
    expect(received).toEqual([run]);
    const again = await deliver(url, body, first.headers);
    expect(again).toMatchObject({ status: 200, body: { ok: true, duplicate: true } });
    expect(received).toHaveLength(1);
  });

  test("answers 401 for a bad signature, 400 for a signed body that is not a run, 500 when onRun throws", async () => {
    let calls = 0;
    const url = await listen(
      webhookHandler(
        secret,
        () => {
          calls++;
          throw new Error("database down");
        },
        { onError: () => {} },
      ),
    );
    const body = JSON.stringify(run);
    const headers = await createWebhookHeaders({ secret, body });
    expect(await deliver(url, body.replace("rnp_1", "rnp_2"), headers)).toMatchObject({
      status: 401,
      body: { error: { type: "no_matching_signature" } },
    });
    expect(await deliver(url, '{"id":"rnp_1"}')).toMatchObject({
      status: 400,
      body: { error: { type: "invalid_body" } },
    });
    expect(calls).toBe(0);
    expect(await deliver(url, body)).toMatchObject({ status: 500 });
    expect(calls).toBe(1);
  });

  test("a malformed secret fails at setup", () => {
    expect(() => webhookHandler("whsec_???", () => {})).toThrow(/malformed/);
  });

  test("Express: works with express.raw, and says how to keep the raw body after express.json", async () => {
    const received: string[] = [];
    const errors: unknown[] = [];
    const app = express();
    app.post(
      "/raw",
      express.raw({ type: "application/json" }),
      webhookHandler(secret, (r) => void received.push(r.id)),
    );
    app.post(
      "/bare",
      webhookHandler(secret, (r) => void received.push(r.id)),
    );
    app.post(
      "/parsed",
      express.json(),
      webhookHandler(secret, () => {}, { onError: (error) => errors.push(error) }),
    );
    const url = await listen(app);
    const body = JSON.stringify(run);
    expect((await deliver(`${url}/raw`, body)).status).toBe(200);
    expect((await deliver(`${url}/bare`, body)).status).toBe(200);
    const parsed = await deliver(`${url}/parsed`, body);
    expect(parsed.status).toBe(500);
    expect(parsed.body.error.type).toBe("body_already_parsed");
    expect(parsed.body.error.message).toMatch(/express\.raw/);
    expect(errors).toHaveLength(1);
    expect(received).toEqual(["rnp_1", "rnp_1"]);
  });
});
