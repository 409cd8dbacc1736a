import { fetchBodyLimitTests } from "@leap-workflows/test-kit/fetch-body-limits-suite";
import { fakeRun } from "@leap-workflows/test-kit/fixture-server";
import { describe, expect, test } from "vitest";
import * as z from "zod";
import { defineWorkflow, generateWebhookSecret, webhookFetchHandler } from "../src/index";
import { createWebhookHeaders } from "../src/testing";

// The answers themselves are the conformance table's (tooling/integration-tests); here, what is particular to
// reading a Fetch Request on Node: its streamed body's limits, and the typed form.
describe("webhookFetchHandler body limits", () => fetchBodyLimitTests(webhookFetchHandler));

describe("webhookFetchHandler", () => {
  const secret = generateWebhookSecret();

  test("takes { workflows, onRun } like webhookHandler, and answers 400 for a run of another workflow", async () => {
    const echo = defineWorkflow({
      id: "wkf_echo",
      inputs: z.object({}),
      output: z.object({ ok: z.boolean() }),
    });
    const seen: string[] = [];
    const handle = webhookFetchHandler(secret, { workflows: [echo], onRun: (run) => void seen.push(run.id) });
    const post = async (run: object) => {
      const body = JSON.stringify(run);
      const headers = await createWebhookHeaders({ secret, body });
      return handle(new Request("http://app.test/api/leap", { method: "POST", body, headers }));
    };
    expect(
      (
        await post(
          fakeRun({ id: "rnp_1", workflow_id: "wkf_echo", status: "completed", output: { ok: true } }),
        )
      ).status,
    ).toBe(200);
    expect((await post(fakeRun({ id: "rnp_2", workflow_id: "wkf_other", status: "completed" }))).status).toBe(
      400,
    );
    expect(seen).toEqual(["rnp_1"]);
  });

  test("a Request whose body was already read is answered 500 body_already_parsed and told to onError", async () => {
    const errors: unknown[] = [];
    const handle = webhookFetchHandler(secret, () => {}, { onError: (error) => errors.push(error) });
    const request = new Request("http://app.test/api/leap", { method: "POST", body: "{}" });
    await request.text();
    const answer = await handle(request);
    expect([answer.status, await answer.json()]).toEqual([
      500,
      { error: { type: "body_already_parsed", message: expect.stringMatching(/already read/) } },
    ]);
    expect(errors).toHaveLength(1);
  });
});
