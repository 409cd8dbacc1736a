import { type OnBulkRun, type OnRun, WebhookVerificationError } from "@leap-workflows/core";
import { describe, expect, test } from "vitest";
import { SECRET } from "./webhook-twins/deliveries";
import { HANDLER_CASES, type HandlerCase, INTERNAL_DETAIL } from "./webhook-twins/handler-cases";
import {
  edgeRuntime,
  type HandlerRuntime,
  nodeFetchRuntime,
  nodeRuntime,
  type Received,
  type Sent,
} from "./webhook-twins/runtimes";

/** Everything a sender and the receiver's callbacks could observe of one case. */
interface Outcome {
  answers: Received[];
  runs: string[];
  bulkRuns: string[];
  errors: string[];
}

async function play(runtime: HandlerRuntime, row: HandlerCase, requests: Sent[]): Promise<Outcome> {
  const outcome: Outcome = { answers: [], runs: [], bulkRuns: [], errors: [] };
  const onRun: OnRun = (run) => {
    outcome.runs.push(run.id);
    if (row.onRun === "throw") throw new Error(INTERNAL_DETAIL);
  };
  const onBulkRun: OnBulkRun = (bulkRun) => void outcome.bulkRuns.push(bulkRun.id);
  const receiver = await runtime.serve(row.secret === undefined ? SECRET : row.secret, onRun, {
    ...row.options,
    ...(row.bulk ? { onBulkRun } : {}),
    onError: (error) =>
      outcome.errors.push(
        WebhookVerificationError.isInstance(error) ? error.reason : (error as Error).message,
      ),
  });
  try {
    for (const sent of requests) outcome.answers.push(await receiver.send(sent));
  } finally {
    await receiver.close();
  }
  return outcome;
}

// One table, every handler shape on every runtime that has it: node's `webhookHandler` behind node:http, and
// node's `webhookFetchHandler` and edge's `webhookHandler` called with a Fetch Request.
describe.each(HANDLER_CASES)("webhook handlers on node and edge: $name", (row) => {
  test("all answer as the table says, with the same statuses, bodies and callbacks", async () => {
    const requests = await row.requests();
    const outcomes: Record<string, Outcome> = {};
    for (const runtime of [nodeRuntime, nodeFetchRuntime, edgeRuntime]) {
      const outcome = await play(runtime, row, requests);
      outcomes[runtime.name] = outcome;
      expect(outcome.answers, runtime.name).toMatchObject(row.answers);
      for (const answer of outcome.answers) {
        expect(answer.contentType, runtime.name).toBe("application/json");
        // Whatever failed inside the receiver stays there.
        expect(JSON.stringify(answer.body), runtime.name).not.toContain("hunter2");
      }
      expect(outcome.runs, runtime.name).toEqual(row.runs ?? []);
      expect(outcome.bulkRuns, runtime.name).toEqual(row.bulkRuns ?? []);
      expect(outcome.errors, runtime.name).toEqual(row.errors ?? []);
    }
    expect(outcomes.node).toEqual(outcomes.edge);
    expect(outcomes["node-fetch"]).toEqual(outcomes.edge);
  });
});
