import { type FixtureServer, fakeRun, startFixtureServer } from "@leap-workflows/test-kit/fixture-server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as z from "zod/mini";
import {
  defineWorkflow,
  OutputValidationError,
  ValidationError,
  WebhookVerificationError,
  type WorkflowRun,
  Workflows,
} from "../src/index";
import { createTypedRunParser } from "../src/workflows/webhook-workflows";

const summarize = defineWorkflow({
  id: "wkf_summarize",
  inputs: z.object({ url: z.string(), words: z._default(z.number(), 50) }),
  output: z.object({ summary: z.string() }),
});

let server: FixtureServer;
let leap: Workflows;
beforeAll(async () => {
  server = await startFixtureServer();
  leap = new Workflows({ apiKey: "test_key", baseUrl: server.url, maxRetries: 0 });
});
afterAll(() => server.close());

/** Answers POST /v1/runs with a queued run and every GET with `final`. */
function serve(final: Record<string, unknown>) {
  server.requests.length = 0;
  server.handle((request) =>
    request.method === "POST"
      ? {
          status: 201,
          body: fakeRun({
            workflow_id: "wkf_summarize",
            status: "queued",
            input: JSON.parse(request.body).inputs,
          }),
        }
      : { body: fakeRun({ workflow_id: "wkf_summarize", ...final }) },
  );
}

describe("leap.run(workflow, inputs)", () => {
  test("sends the inputs as parsed by the schema (defaults applied)", async () => {
    serve({ status: "completed", output: { summary: "ok" } });
    const run = await leap.run(summarize, { url: "https://example.com" });
    expect(run.workflow_id).toBe("wkf_summarize");
    expect(run.output).toBeNull();
    expect(JSON.parse(server.requests[0]?.body ?? "")).toEqual({
      workflow_id: "wkf_summarize",
      inputs: { url: "https://example.com", words: 50 },
      input: { url: "https://example.com", words: 50 },
    });
  });

  test("invalid inputs: a ValidationError naming the field, and nothing sent", async () => {
    serve({});
    const error = await leap.run(summarize, { url: 42 } as never).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues).toEqual([{ path: "inputs.url", message: expect.any(String) }]);
    expect((error as Error).message).toContain("inputs of wkf_summarize");
    expect(server.requests).toHaveLength(0);
  });

  test("webhookUrl is sent as webhook_url", async () => {
    serve({});
    await leap.run(summarize, { url: "u" }, { webhookUrl: "https://hooks.example.com/leap" });
    expect(JSON.parse(server.requests[0]?.body ?? "").webhook_url).toBe("https://hooks.example.com/leap");
  });
});

describe("waiting on a typed run", () => {
  test("runAndWait returns the validated output", async () => {
    serve({ status: "completed", output: { summary: "short" } });
    const run = await leap.runAndWait(summarize, { url: "u" }, { initialInterval: 1 });
    expect(run.status).toBe("completed");
    expect(run.output).toEqual({ summary: "short" });
  });

  test("runs.wait(id, { workflow }) and runs.retrieve(id, { workflow }) validate too", async () => {
    serve({ status: "completed", output: { summary: "s" } });
    const started = await leap.run(summarize, { url: "u" });
    expect((await leap.runs.wait(started.id, { workflow: summarize, initialInterval: 1 })).output).toEqual({
      summary: "s",
    });
    expect((await leap.runs.retrieve(started.id, { workflow: summarize })).output).toEqual({ summary: "s" });
  });

  test("an output that breaks the schema is an OutputValidationError keeping the raw run", async () => {
    serve({ status: "completed", output: { summary: 7 } });
    const error = await leap
      .runAndWait(summarize, { url: "u" }, { initialInterval: 1 })
      .catch((caught: unknown) => caught);
    expect(OutputValidationError.isInstance(error)).toBe(true);
    const typed = error as OutputValidationError;
    expect(typed.issues.map((issue) => issue.path)).toEqual(["output.summary"]);
    expect(typed.run.output).toEqual({ summary: 7 });
    expect(typed.message).toContain("output.summary");
  });

  test("a failed run without output resolves with output null", async () => {
    serve({ status: "failed", error: "boom", output: null });
    const run = await leap.runAndWait(summarize, { url: "u" }, { initialInterval: 1 });
    expect(run).toMatchObject({ status: "failed", error: "boom", output: null });
  });

  test("a completed run without output breaks the schema", async () => {
    serve({ status: "completed", output: null });
    await expect(leap.runAndWait(summarize, { url: "u" }, { initialInterval: 1 })).rejects.toSatisfy(
      (error) => OutputValidationError.isInstance(error),
    );
  });
});

describe("defineWorkflow and webhook parsing", () => {
  test("defineWorkflow rejects a missing id or schema, naming the field", () => {
    expect(() => defineWorkflow({ id: "", inputs: {} as never, output: summarize.output })).toThrow(
      /id: expected a non-empty workflow id.*inputs: expected a Standard Schema/,
    );
  });

  test("the webhook parser narrows by workflow_id and rejects unknown workflows and bad outputs", async () => {
    const parse = createTypedRunParser([summarize]);
    const good = fakeRun({
      workflow_id: "wkf_summarize",
      status: "completed",
      output: { summary: "x" },
    }) as WorkflowRun;
    expect((await parse(good)).output).toEqual({ summary: "x" });
    const other = await parse({ ...good, workflow_id: "wkf_other" }).catch((caught: unknown) => caught);
    expect(WebhookVerificationError.isInstance(other) && other.reason).toBe("invalid_body");
    const bad = await parse({ ...good, output: {} }).catch((caught: unknown) => caught);
    expect(WebhookVerificationError.isInstance(bad) && OutputValidationError.isInstance(bad.cause)).toBe(
      true,
    );
  });
});
