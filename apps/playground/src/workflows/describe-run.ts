import type { TypedWorkflowRun } from "@leap-workflows/core";
import type { workflows } from "./definitions";

/** A run delivered to the playground's receivers: its `output` is typed by its `workflow_id`. */
export type PlaygroundRun = TypedWorkflowRun<(typeof workflows)[number]>;

/** One line about a delivered run for the page, read from its typed output. */
export function describeRun(run: PlaygroundRun): string {
  if (run.status !== "completed") return run.error ?? run.status;
  switch (run.workflow_id) {
    case "wkf_greet":
      return run.output?.greeting ?? "";
    case "wkf_word_count":
      return `${run.output?.words} words, the longest "${run.output?.longest}"`;
    case "wkf_sleep":
      return `slept ${run.output?.slept} ms`;
    case "wkf_echo":
      return `echoed ${Object.keys(run.output ?? {}).join(", ") || "nothing"}`;
    case "wkf_fail":
      return "completed, which wkf_fail never does";
  }
}
