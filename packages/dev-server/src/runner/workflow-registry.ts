import { ConfigurationError } from "@leap-workflows/core";
import type { WorkflowImplementation, WorkflowRegistry } from "./workflow";

/**
 * A workflow bound to its definition, as `implementWorkflow(definition, fn)` makes it: `run`
 * validates the inputs and the output against the definition's schemas, so a broken implementation
 * fails its run instead of answering output that breaks the contract.
 */
export interface DefinedWorkflowEntry {
  readonly definition: { readonly id: string };
  readonly run: WorkflowImplementation;
}

/** One workflow: a plain `async (inputs, ctx) => output`, or an `implementWorkflow(...)` result. */
export type WorkflowEntry = WorkflowImplementation | DefinedWorkflowEntry;

/**
 * The workflows a dev server runs: a record by workflow id, or a list of `implementWorkflow(...)`
 * results (each carries its id in `definition.id`).
 */
export type DevServerWorkflows = Readonly<Record<string, WorkflowEntry>> | readonly DefinedWorkflowEntry[];

const isDefined = (value: unknown): value is DefinedWorkflowEntry =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as Partial<DefinedWorkflowEntry>).run === "function" &&
  typeof (value as Partial<DefinedWorkflowEntry>).definition?.id === "string";

/** Turns the `workflows` option (or a workflows module's export) into functions by id; `source` names it in errors. */
export function toWorkflowRegistry(option: unknown, source = "options.workflows"): WorkflowRegistry {
  if (typeof option !== "object" || option === null) {
    throw new ConfigurationError(
      `${source}: expected a record of workflow functions by id, or a list of implementWorkflow(...) results; received ${option === null ? "null" : typeof option}`,
    );
  }
  const registry: WorkflowRegistry = {};
  if (Array.isArray(option)) {
    option.forEach((entry: unknown, index) => {
      if (!isDefined(entry)) {
        throw new ConfigurationError(
          `${source}[${index}]: expected an implementWorkflow(definition, fn) result ({ definition: { id }, run })`,
        );
      }
      if (Object.hasOwn(registry, entry.definition.id)) {
        throw new ConfigurationError(`${source}[${index}]: workflow ${entry.definition.id} is listed twice`);
      }
      registry[entry.definition.id] = (inputs, context) => entry.run(inputs, context);
    });
    return registry;
  }
  for (const [id, entry] of Object.entries(option)) {
    if (typeof entry === "function") registry[id] = entry as WorkflowImplementation;
    else if (isDefined(entry)) {
      if (entry.definition.id !== id) {
        throw new ConfigurationError(
          `${source}.${id}: its definition's id is ${entry.definition.id}; key it by that id or list it in an array`,
        );
      }
      registry[id] = (inputs, context) => entry.run(inputs, context);
    } else {
      throw new ConfigurationError(
        `${source}.${id}: expected a function (inputs, ctx) => output or an implementWorkflow(...) result; received ${entry === null ? "null" : typeof entry}`,
      );
    }
  }
  return registry;
}
