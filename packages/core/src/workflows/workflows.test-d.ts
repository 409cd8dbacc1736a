import { describe, expectTypeOf, test } from "vitest";
import * as z from "zod/mini";
import { Workflows } from "../client/workflows";
import type { WorkflowRun } from "../schemas/workflow-run";
import {
  type AnyWorkflow,
  defineWorkflow,
  type TypedWorkflowRun,
  type WorkflowInputs,
} from "./define-workflow";
import { createTypedRunParser, type WorkflowRunOf } from "./webhook-workflows";

const summarize = defineWorkflow({
  id: "wkf_summarize",
  inputs: z.object({ url: z.string(), words: z.optional(z.number()) }),
  output: z.object({ summary: z.string() }),
});
const translate = defineWorkflow({
  id: "wkf_translate",
  inputs: z.object({ text: z.string(), to: z.enum(["fr", "de"]) }),
  output: z.object({ translated: z.string() }),
});
const leap = new Workflows({ apiKey: "k" });

describe("defineWorkflow", () => {
  test("keeps the literal id and the schemas' types", () => {
    expectTypeOf(summarize.id).toEqualTypeOf<"wkf_summarize">();
    expectTypeOf<WorkflowInputs<typeof summarize>>().toEqualTypeOf<{
      url: string;
      words?: number | undefined;
    }>();
    expectTypeOf(summarize).toExtend<AnyWorkflow>();
  });

  test("inputs must be an object schema", () => {
    // @ts-expect-error an inputs schema whose output is not an object cannot describe a run's inputs
    defineWorkflow({ id: "wkf_x", inputs: z.string(), output: z.string() });
  });
});

describe("leap.run(workflow, inputs)", () => {
  test("types the inputs and the run", async () => {
    const run = await leap.run(summarize, { url: "https://example.com" });
    expectTypeOf(run.workflow_id).toEqualTypeOf<"wkf_summarize">();
    expectTypeOf(run.output).toEqualTypeOf<{ summary: string } | null>();
    expectTypeOf(run.id).toBeString();
    // @ts-expect-error wrong input type
    await leap.run(summarize, { url: 42 });
    // @ts-expect-error missing required input
    await leap.run(summarize, {});
    // @ts-expect-error an input of another workflow
    await leap.run(translate, { text: "hi", to: "es" });
    // @ts-expect-error the inputs are required
    await leap.run(summarize);
  });

  test("runAndWait and runs.wait({ workflow }) type the output", async () => {
    const done = await leap.runAndWait(
      translate,
      { text: "hi", to: "fr" },
      { webhookUrl: "https://x.test/h" },
    );
    expectTypeOf(done.output).toEqualTypeOf<{ translated: string } | null>();
    const run = await leap.run(summarize, { url: "u" });
    const waited = await leap.runs.wait(run.id, { workflow: summarize });
    expectTypeOf(waited).toEqualTypeOf<TypedWorkflowRun<typeof summarize>>();
    const read = await leap.runs.retrieve(run.id, { workflow: summarize });
    expectTypeOf(read.output).toEqualTypeOf<{ summary: string } | null>();
  });

  test("the untyped forms are unchanged", async () => {
    expectTypeOf(await leap.run({ workflow_id: "wkf_1", inputs: {} })).toEqualTypeOf<WorkflowRun>();
    expectTypeOf(await leap.runs.wait("rnp_1")).toEqualTypeOf<WorkflowRun>();
    expectTypeOf((await leap.runAndWait({ workflow_id: "wkf_1" })).output).toBeUnknown();
  });
});

describe("webhooks and implementations", () => {
  test("a union of runs narrows on workflow_id", async () => {
    const parse = createTypedRunParser([summarize, translate]);
    const run = await parse({} as WorkflowRun);
    expectTypeOf(run).toEqualTypeOf<WorkflowRunOf<[typeof summarize, typeof translate]>>();
    if (run.workflow_id === "wkf_translate") {
      expectTypeOf(run.output).toEqualTypeOf<{ translated: string } | null>();
    } else {
      expectTypeOf(run.output).toEqualTypeOf<{ summary: string } | null>();
    }
  });
});
