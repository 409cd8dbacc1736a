import { defineWorkflow } from "@leap-workflows/core";
import * as z from "zod";
import { implementWorkflow } from "./implement-workflow";
import type { WorkflowRegistry } from "./workflow";

// Bulk runs pass CSV cells, which are strings: numeric inputs accept both forms.
const milliseconds = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)?$/, "expected a number of milliseconds"),
  ])
  .transform(Number)
  .pipe(z.number().nonnegative().max(2_147_483_647));

/**
 * The contracts of the built-in workflows, for typed calls and typed webhook receivers:
 * `leap.runAndWait(builtInWorkflows.sleep, { ms: 100 })`, `webhookHandler(secret, { workflows: [...] })`.
 */
export const builtInWorkflows = {
  /** `wkf_echo`: the output is the inputs. */
  echo: defineWorkflow({
    id: "wkf_echo",
    inputs: z.record(z.string(), z.unknown()),
    output: z.record(z.string(), z.unknown()),
  }),
  /** `wkf_sleep`: waits `ms` (default 1000) and answers `{ slept: ms }`. */
  sleep: defineWorkflow({
    id: "wkf_sleep",
    inputs: z.object({ ms: z.optional(milliseconds) }),
    output: z.object({ slept: z.number() }),
  }),
  /** `wkf_fail`: always fails, with `message` as the run's error. It never has an output. */
  fail: defineWorkflow({
    id: "wkf_fail",
    inputs: z.object({ message: z.optional(z.string()) }),
    output: z.never(),
  }),
} as const;

function sleepFor(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

const implementations = [
  implementWorkflow(builtInWorkflows.echo, (inputs) => inputs),
  implementWorkflow(builtInWorkflows.sleep, async ({ ms = 1000 }, { signal }) => {
    await sleepFor(ms, signal);
    return { slept: ms };
  }),
  implementWorkflow(builtInWorkflows.fail, ({ message }) => {
    throw new Error(message ?? "wkf_fail failed, as it always does");
  }),
];

/**
 * What the dev server runs for the built-ins, by workflow id (the implementations; `builtInWorkflows` are
 * their definitions). Built in, with no workflows file: enough to try every path of the API.
 */
export const builtInRegistry: WorkflowRegistry = Object.fromEntries(
  implementations.map((entry) => [entry.definition.id, entry.run]),
);
