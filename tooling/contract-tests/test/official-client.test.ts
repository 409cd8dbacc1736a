import { Leap } from "@leap-ai/workflows";
import { createDevServer, type DevServer } from "@leap-workflows/dev-server";
import { afterAll, beforeAll, expect, test } from "vitest";

// Leap's official npm client (generated from the published schema: it sends `input`, expects 200) keeps
// working against the dev server.
let server: DevServer;
beforeAll(async () => {
  server = await createDevServer();
});
afterAll(() => server?.close());

async function waitUntilFinal(leap: Leap, workflowRunId: string) {
  // A deadline, not a count of polls: a loaded machine may take seconds to run the workflow.
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const { data } = await leap.workflowRuns.getWorkflowRun({ workflowRunId });
    // The official types name only completed/running/failed; the dev server also answers `queued`.
    const status: string = data.status;
    if (status !== "queued" && status !== "running") return data;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`run ${workflowRunId} did not finish`);
}

test("@leap-ai/workflows 1.0.1 runs a workflow with its inputs and reads it back", async () => {
  const leap = new Leap({ apiKey: "leap_dev_key", basePath: server.url });
  const created = await leap.workflowRuns.workflow({ workflow_id: "wkf_echo", input: { first_name: "Sam" } });
  expect(created.status).toBe(200);
  expect(created.data).toMatchObject({ workflow_id: "wkf_echo", input: { first_name: "Sam" } });
  const done = await waitUntilFinal(leap, created.data.id);
  expect(done).toMatchObject({ id: created.data.id, status: "completed", output: { first_name: "Sam" } });
});

test("@leap-ai/workflows 1.0.1: a run without inputs, and a wrong key is a 401", async () => {
  const leap = new Leap({ apiKey: "leap_dev_key", basePath: server.url });
  const created = await leap.workflowRuns.workflow({ workflow_id: "wkf_echo" });
  expect((await waitUntilFinal(leap, created.data.id)).status).toBe("completed");
  const wrong = new Leap({ apiKey: "not_the_key", basePath: server.url });
  const error = await wrong.workflowRuns.getWorkflowRun({ workflowRunId: created.data.id }).catch((e) => e);
  expect((error as { status?: number }).status).toBe(401);
});
