import { fakeBulkRun, fakeRun } from "@leap-workflows/test-kit/fixture-server";
import { describe, expect, test } from "vitest";
import { type BulkRun, generateWebhookSecret, type WorkflowRun, webhookHandler } from "../src/index";
import { createWebhookHeaders } from "../src/testing";

const secret = generateWebhookSecret();
const run = fakeRun({ status: "failed", workflow_id: "wkf_fail", error: "boom" });

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

  test("a bulk run's webhook goes to onBulkRun; without it, 400 naming the option", async () => {
    const bulkRun = fakeBulkRun({
      status: "completed",
      output_csv_url: "https://example.test/out.csv",
      row_count: 2,
    });
    const runs: WorkflowRun[] = [];
    const bulkRuns: BulkRun[] = [];
    const body = JSON.stringify(bulkRun);
    const withBulk = webhookHandler(secret, (each) => void runs.push(each), {
      onBulkRun: (each) => void bulkRuns.push(each),
    });
    expect((await withBulk(await signedRequest(body))).status).toBe(200);
    expect(bulkRuns).toEqual([bulkRun]);
    expect(runs).toEqual([]);

    const runsOnly = webhookHandler(secret, (each) => void runs.push(each), { onError: () => {} });
    const refused = await runsOnly(await signedRequest(body));
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/onBulkRun/);
    expect(runs).toEqual([]);
  });

  test("a malformed secret fails at setup", () => {
    expect(() => webhookHandler("not-a-secret!", () => {})).toThrow(/malformed/);
  });
});
