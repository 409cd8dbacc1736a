import { fakeRun } from "@leap-workflows/test-kit/fixture-server";
import { describe, expect, test } from "vitest";
import { type BulkRun, generateWebhookSecret, type WorkflowRun } from "../src/index";
import {
  createAsyncWebhookVerifier,
  createWebhookHandler,
  createWebhookHeaders,
  parseWebhookDelivery,
  webCryptoHmac,
} from "../src/internal";

// Deliveries as Leap's published schema describes the objects: nulls included, `bulk_…` ids, fields the
// SDK does not know. A run and a bulk run are told apart by shape, never by the id's prefix.
// Nulls where Leap's schema allows them, and a field the SDK does not know.
const run = fakeRun({ status: "completed", started_at: null, input: null, cost_usd: 0.02 });
const bulkRun = {
  id: "bulk_9Nmenl7rxIu2FiSsnqNyTe9G",
  version_id: "vsp_1",
  status: "completed",
  created_at: "2026-11-28T12:00:00Z",
  workflow_id: "wkf_i3F5UjpZ2Vg",
  input_csv_url: "https://myapp.com/input.csv",
  output_csv_url: "https://myapp.com/output.csv",
  error: null,
  row_count: 2,
};

const verifier = createAsyncWebhookVerifier(webCryptoHmac);

async function handlerFor(secret: string) {
  const runs: WorkflowRun[] = [];
  const bulkRuns: BulkRun[] = [];
  const handle = createWebhookHandler(
    (body, headers, secrets, options) => verifier.verifySignature(body, headers, secrets, options),
    secret,
    (received) => void runs.push(received),
    { onBulkRun: (received) => void bulkRuns.push(received) },
  );
  // Posts a body through the handler as a runtime adapter would.
  const post = async (body: string, headers: Record<string, string>) =>
    handle({ method: "POST", headers, readBody: async () => body });
  return { handle: post, runs, bulkRuns };
}

describe("webhook bodies as Leap sends them", () => {
  test("a signed run whose input is null is handed to onRun, unknown fields kept", async () => {
    const secret = generateWebhookSecret();
    const { handle, runs, bulkRuns } = await handlerFor(secret);
    const body = JSON.stringify(run);
    const answer = await handle(body, await createWebhookHeaders({ secret, body }));
    expect(answer.status).toBe(200);
    expect(runs).toEqual([run]);
    expect(bulkRuns).toEqual([]);
  });

  test("a signed bulk run with a bulk_ id (or any id) is handed to onBulkRun", async () => {
    const secret = generateWebhookSecret();
    const { handle, runs, bulkRuns } = await handlerFor(secret);
    for (const id of ["bulk_9Nmenl7rxIu2FiSsnqNyTe9G", "rnp_looks_like_a_run", "anything"]) {
      const body = JSON.stringify({ ...bulkRun, id });
      const answer = await handle(body, await createWebhookHeaders({ secret, body }));
      expect(answer.status, id).toBe(200);
    }
    expect(bulkRuns.map((received) => received.id)).toEqual([
      "bulk_9Nmenl7rxIu2FiSsnqNyTe9G",
      "rnp_looks_like_a_run",
      "anything",
    ]);
    expect(runs).toEqual([]);
  });

  test("parseWebhookDelivery tells the two apart by shape", () => {
    expect(parseWebhookDelivery(JSON.stringify(run))).toEqual({ kind: "run", run });
    expect(parseWebhookDelivery(JSON.stringify(bulkRun))).toEqual({ kind: "bulk_run", bulkRun });
    // A run whose id looks like a bulk run's is still a run.
    expect(parseWebhookDelivery(JSON.stringify({ ...run, id: "bulk_1" })).kind).toBe("run");
  });
});
