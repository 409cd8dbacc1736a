import { defineWorkflow, type WorkflowInputs } from "@leap-workflows/core";
import { builtInWorkflows } from "@leap-workflows/dev-server";
import * as z from "zod";

// The playground's workflow contracts: the caller (app-server, scenario), the dev server's
// implementations and both webhook receivers are typed and checked by these schemas alone.

export const greet = defineWorkflow({
  id: "wkf_greet",
  inputs: z.object({ name: z.string().trim().min(1, "expected a non-empty name") }),
  output: z.object({ greeting: z.string() }),
});

export const wordCount = defineWorkflow({
  id: "wkf_word_count",
  inputs: z.object({ text: z.string() }),
  output: z.object({ words: z.number().int().nonnegative(), longest: z.string() }),
});

/** Every workflow the playground runs: the dev server's built-ins and the two above. */
export const workflows = [
  builtInWorkflows.echo,
  builtInWorkflows.sleep,
  builtInWorkflows.fail,
  greet,
  wordCount,
] as const;

export type PlaygroundWorkflow = (typeof workflows)[number];

/** Inputs the page fills in when a workflow is chosen, each typed by its workflow's inputs schema. */
export const examples: { [W in PlaygroundWorkflow as W["id"]]: WorkflowInputs<W> } = {
  wkf_echo: { hello: "world" },
  wkf_sleep: { ms: 3000 },
  wkf_fail: { message: "this run fails on purpose" },
  wkf_greet: { name: "Ada" },
  wkf_word_count: { text: "the quick brown fox jumps over the lazy dog" },
};

const byId = new Map<string, PlaygroundWorkflow>(workflows.map((workflow) => [workflow.id, workflow]));

/** The definition of `id`, or undefined for a workflow the playground does not know. */
export const findWorkflow = (id: string): PlaygroundWorkflow | undefined => byId.get(id);
