import { defineWorkflow, type TypedWorkflowRun } from "@leap-workflows/core";
import { expectTypeOf, test } from "vitest";
import * as z from "zod/mini";
import { type WorkflowRun, webhookHandler } from "../src/index";

// Type tests (vitest typecheck): the typed overload of webhookHandler.
const a = defineWorkflow({ id: "wkf_a", inputs: z.object({}), output: z.object({ a: z.string() }) });
const b = defineWorkflow({ id: "wkf_b", inputs: z.object({}), output: z.object({ b: z.number() }) });

test("webhookHandler(secret, { workflows, onRun }) narrows runs by workflow_id", () => {
  webhookHandler("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", {
    workflows: [a, b],
    onRun: (run) => {
      expectTypeOf(run).toEqualTypeOf<TypedWorkflowRun<typeof a> | TypedWorkflowRun<typeof b>>();
      if (run.workflow_id === "wkf_a") expectTypeOf(run.output).toEqualTypeOf<{ a: string } | null>();
      else expectTypeOf(run.output).toEqualTypeOf<{ b: number } | null>();
    },
  });
  webhookHandler("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", (run) => {
    expectTypeOf(run).toEqualTypeOf<WorkflowRun>();
  });
  webhookHandler("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", {
    workflows: [a],
    // @ts-expect-error a run of wkf_a has no `b` output
    onRun: (run) => run.output?.b,
  });
});
