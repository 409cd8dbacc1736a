import { ValidationError } from "../errors/validation-errors";
import type { AnyWorkflow, WorkflowOutput } from "./define-workflow";
import type { StandardSchemaV1 } from "./standard-schema";
import { validateWithSchema } from "./validate-with-schema";

/** What an implementation receives besides its inputs (the dev server passes the run and an abort signal). */
export interface WorkflowImplementationContext {
  runId: string;
  workflowId: string;
  /** Aborts when the run times out or the server shuts down. */
  signal: AbortSignal;
}

/** A workflow's implementation bound to its definition; register it with `createDevServer({ workflows: [impl] })`. */
export interface ImplementedWorkflow<W extends AnyWorkflow = AnyWorkflow> {
  readonly definition: W;
  /** Validates the inputs, calls the implementation and validates what it returns; throws a ValidationError otherwise. */
  readonly run: (inputs: Record<string, unknown>, context: WorkflowImplementationContext) => Promise<unknown>;
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
    context: WorkflowImplementationContext,
  ) => StandardSchemaV1.InferInput<W["output"]> | Promise<StandardSchemaV1.InferInput<W["output"]>>,
): ImplementedWorkflow<W> {
  return Object.freeze({
    definition,
    run: async (inputs: Record<string, unknown>, context: WorkflowImplementationContext) => {
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
