import {
  type AnyWorkflow,
  type StandardSchemaV1,
  ValidationError,
  type WorkflowOutput,
} from "@leap-workflows/core";
import { validateWithSchema } from "@leap-workflows/core/internal";
import type { WorkflowContext } from "./workflow";
import type { DefinedWorkflowEntry } from "./workflow-registry";

/** A workflow's implementation bound to its definition; register it with `createDevServer({ workflows: [impl] })`. */
export interface ImplementedWorkflow<W extends AnyWorkflow = AnyWorkflow> extends DefinedWorkflowEntry {
  readonly definition: W;
  /** Validates the inputs, calls the implementation and validates what it returns; throws a ValidationError otherwise. */
  readonly run: (inputs: Record<string, unknown>, context: WorkflowContext) => Promise<unknown>;
}

/**
 * Binds an implementation to a definition: `inputs` is typed (and validated) by the inputs schema, and
 * the return value must match the output schema, so one schema types caller, implementation and receiver.
 *
 * ```ts
 * const impl = implementWorkflow(summarize, async ({ url }) => ({ summary: `read ${url}` }));
 * const server = await createDevServer({ workflows: [impl] });
 * ```
 */
export function implementWorkflow<W extends AnyWorkflow>(
  definition: W,
  implementation: (
    inputs: StandardSchemaV1.InferOutput<W["inputs"]>,
    context: WorkflowContext,
  ) => StandardSchemaV1.InferInput<W["output"]> | Promise<StandardSchemaV1.InferInput<W["output"]>>,
): ImplementedWorkflow<W> {
  return Object.freeze({
    definition,
    run: async (inputs: Record<string, unknown>, context: WorkflowContext) => {
      const parsed = await validateWithSchema(definition.inputs, inputs, "inputs");
      if (!parsed.ok) throw new ValidationError(`inputs of ${definition.id}`, parsed.issues);
      const output = await implementation(parsed.value, context);
      const checked = await validateWithSchema(definition.output, output, "output");
      if (!checked.ok)
        throw new ValidationError(`output of ${definition.id} (from its implementation)`, checked.issues);
      return checked.value as WorkflowOutput<W>;
    },
  });
}
