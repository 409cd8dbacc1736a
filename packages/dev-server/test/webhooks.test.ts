import { Workflows } from "@leap-workflows/core";
import { createAsyncWebhookVerifier, webCryptoHmac } from "@leap-workflows/core/internal";
import { afterEach, expect, test } from "vitest";
import { createDevServer, type DevServer } from "../src/index";
import { eventually, startReceiver } from "./helpers";

const verifier = createAsyncWebhookVerifier(webCryptoHmac);
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function serverWith(delays: number[]): Promise<{ server: DevServer; leap: Workflows }> {
  const server = await createDevServer({ webhookRetryDelays: delays });
  cleanups.push(() => server.close());
  return { server, leap: new Workflows({ apiKey: "leap_dev_key", baseUrl: server.url }) };
}

test("a finished run is POSTed to its webhook_url, signed so that core's verifier accepts it", async () => {
  const receiver = await startReceiver();
  cleanups.push(receiver.close);
  const { server, leap } = await serverWith([0.05]);
  const run = await leap.run({ workflow_id: "wkf_echo", inputs: { x: 1 }, webhook_url: receiver.url });
  const [delivery] = await eventually(() => (receiver.received.length > 0 ? receiver.received : undefined));
  const verified = await verifier.verify(delivery?.body ?? "", delivery?.headers ?? {}, server.webhookSecret);
  expect(verified).toEqual(await leap.runs.retrieve(run.id));
  expect(verified.status).toBe("completed");
});

test("failed attempts are retried after each delay with the same webhook-id, and every attempt is listed", async () => {
  const receiver = await startReceiver((_, index) => (index < 2 ? 503 : 200));
  cleanups.push(receiver.close);
  const { server, leap } = await serverWith([0.05, 0.05, 0.05]);
  const run = await leap.run({ workflow_id: "wkf_fail", webhook_url: receiver.url });
  await eventually(() => receiver.received.length >= 3 || undefined);
  const ids = new Set(receiver.received.map((entry) => entry.headers["webhook-id"]));
  expect(ids.size).toBe(1);
  for (const entry of receiver.received)
    await verifier.verify(entry.body, entry.headers, server.webhookSecret);
  const listed = await eventually(async () => {
    const response = await fetch(`${server.url}/v1/runs/${run.id}/deliveries`, {
      headers: { "x-api-key": "leap_dev_key" },
    });
    const { data } = (await response.json()) as {
      data: { status_code: number; attempt: number; webhook_id: string }[];
    };
    return data.length === 3 ? data : undefined;
  });
  expect(listed.map((attempt) => attempt.status_code)).toEqual([503, 503, 200]);
  expect(listed.map((attempt) => attempt.attempt)).toEqual([1, 2, 3]);
  expect(listed[0]?.webhook_id).toBe([...ids][0]);
});

test("an unreachable receiver is retried, then given up on after the last delay", async () => {
  const receiver = await startReceiver();
  await receiver.close();
  const { server, leap } = await serverWith([0.02]);
  const run = await leap.run({ workflow_id: "wkf_echo", webhook_url: receiver.url });
  const listed = await eventually(async () => {
    const response = await fetch(`${server.url}/v1/runs/${run.id}/deliveries`, {
      headers: { "x-api-key": "leap_dev_key" },
    });
    const { data } = (await response.json()) as { data: { error: string | null }[] };
    return data.length === 2 ? data : undefined;
  });
  expect(listed.every((attempt) => attempt.error === "ECONNREFUSED")).toBe(true);
  await new Promise((resolve) => setTimeout(resolve, 100));
  const response = await fetch(`${server.url}/v1/runs/${run.id}/deliveries`, {
    headers: { "x-api-key": "leap_dev_key" },
  });
  expect(((await response.json()) as { data: unknown[] }).data).toHaveLength(2);
});
