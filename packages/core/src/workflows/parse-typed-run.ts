import { OutputValidationError } from "../errors/output-validation-error";
import type { WorkflowRun } from "../schemas/workflow-run";
import type { AnyWorkflow, TypedWorkflowRun } from "./define-workflow";
import { validateWithSchema } from "./validate-with-schema";

/**
 * Checks a run against its definition and returns it with `output` parsed by the output schema
 * (transforms and defaults applied). A completed run must have a valid output; an unfinished or failed
 * one may have none (`null`), and any output it does have is checked as well.
 * Throws `OutputValidationError` (keeping the raw run) when the output breaks the schema.
 */
export async function parseTypedRun<W extends AnyWorkflow>(
  workflow: W,
  run: WorkflowRun,
): Promise<TypedWorkflowRun<W>> {
  if (run.workflow_id !== workflow.id) {
    throw new OutputValidationError(run, [
      {
        path: "workflow_id",
        message: `expected ${JSON.stringify(workflow.id)}, received ${JSON.stringify(run.workflow_id)}`,
      },
    ]);
  }
  if (run.status !== "completed" && (run.output === null || run.output === undefined)) {
    return { ...run, output: null } as TypedWorkflowRun<W>;
  }
  const result = await validateWithSchema(workflow.output, run.output, "output");
  if (!result.ok) throw new OutputValidationError(run, result.issues);
  return { ...run, output: result.value } as TypedWorkflowRun<W>;
}
