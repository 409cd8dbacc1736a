import { type TypedWorkflowRun, Workflows } from "@leap-workflows/core";
import { implementWorkflow } from "@leap-workflows/dev-server";
import { webhookHandler as edgeWebhookHandler } from "@leap-workflows/edge";
import { webhookHandler as nodeWebhookHandler } from "@leap-workflows/node";
import { expectTypeOf, test } from "vitest";
import { greet, workflows } from "../src/workflows/definitions";

// The playground's claim, checked by the compiler: greet's one schema types the caller, the
// implementation and both receivers.

type Greeting = { greeting: string };
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

test("the caller: inputs are checked, the output is typed", () => {
  const leap = new Workflows({ apiKey: "leap_playground_key" });
  expectTypeOf(leap.runAndWait(greet, { name: "Ada" }))
    .resolves.toHaveProperty("output")
    .toEqualTypeOf<Greeting | null>();
  // @ts-expect-error name must be a string
  void leap.run(greet, { name: 42 });
  // @ts-expect-error a misspelt input
  void leap.run(greet, { nam: "Ada" });
});

test("the implementation: inputs are typed, the output must match", () => {
  implementWorkflow(greet, ({ name }) => {
    expectTypeOf(name).toEqualTypeOf<string>();
    return { greeting: `Hello, ${name}!` };
  });
  // @ts-expect-error the output misspells greeting
  implementWorkflow(greet, ({ name }) => ({ greting: name }));
});

test("the receivers: a run's output narrows with its workflow_id, in node and edge alike", () => {
  const onRun = (run: TypedWorkflowRun<(typeof workflows)[number]>) => {
    if (run.workflow_id === "wkf_greet") expectTypeOf(run.output).toEqualTypeOf<Greeting | null>();
    if (run.workflow_id === "wkf_sleep") expectTypeOf(run.output).toEqualTypeOf<{ slept: number } | null>();
    // @ts-expect-error not a workflow of the playground
    if (run.workflow_id === "wkf_other") return;
  };
  nodeWebhookHandler(SECRET, { workflows, onRun });
  edgeWebhookHandler(SECRET, { workflows, onRun });
  // Written inline, onRun's run is inferred from the workflows listed.
  edgeWebhookHandler(SECRET, {
    workflows: [greet],
    onRun: (run) => expectTypeOf(run.workflow_id).toEqualTypeOf<"wkf_greet">(),
  });
});
