import { describe, expect, test } from "vitest";
import { createWebhookHeaders, generateWebhookSecret, type WorkflowRun, webhookHandler } from "../src/index";

const secret = generateWebhookSecret();
const run = {
  id: "rnp_1",
  version_id: "vsp_1",
  status: "failed",
  created_at: "2026-11-28T12:00:00Z",
  started_at: "2026-11-28T12:00:00Z",
  ended_at: "2026-11-28T12:00:01Z",
  workflow_id: "wkf_fail",
  error: "boom",
  input: {},
  output: null,
};

async function signedRequest(body: string, headers?: Record<string, string>): Promise<Request> {
  return new Request("https://app.test/api/leap", {
    method: "POST",
    body,
    headers: headers ?? (await createWebhookHeaders({ secret, body })),
  });
}

describe("edge webhookHandler", () => {
  test("verifies, calls onRun, drops a repeated webhook-id", async () => {
    const received: WorkflowRun[] = [];
    const handle = webhookHandler(secret, (verified) => void received.push(verified));
    const body = JSON.stringify(run);
    const headers = await createWebhookHeaders({ secret, body });
    const first = await handle(await signedRequest(body, headers));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true });
    const again = await handle(await signedRequest(body, headers));
    expect(await again.json()).toEqual({ ok: true, duplicate: true });
    expect(received).toEqual([run]);
  });

  test("401 bad signature, 400 not a run, 500 when onRun throws, 405 for GET", async () => {
    let calls = 0;
    const handle = webhookHandler(
      secret,
      async () => {
        calls++;
        throw new Error("queue full");
      },
      { onError: () => {} },
    );
    const body = JSON.stringify(run);
    const headers = await createWebhookHeaders({ secret: generateWebhookSecret(), body });
    expect((await handle(await signedRequest(body, headers))).status).toBe(401);
    expect((await handle(await signedRequest("[]"))).status).toBe(400);
    expect(calls).toBe(0);
    expect((await handle(await signedRequest(body))).status).toBe(500);
    expect(calls).toBe(1);
    expect((await handle(new Request("https://app.test/api/leap"))).status).toBe(405);
  });

  test("a malformed secret fails at setup", () => {
    expect(() => webhookHandler("not-a-secret!", () => {})).toThrow(/malformed/);
  });
});
