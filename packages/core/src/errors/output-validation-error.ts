import type { WorkflowRun } from "../schemas/workflow-run";
import type { ValidationIssue } from "../validation/format-issues";
import { describeIssues } from "../validation/format-issues";
import { LeapError } from "./leap-error";

/**
 * A run's `output` breaks its workflow's output schema (`defineWorkflow({ output })`). The run itself is
 * kept, unvalidated, in `run`; `issues` name each bad field (`output.summary: expected string…`).
 */
export class OutputValidationError extends LeapError {
  static override readonly kind = "OutputValidationError";
  /** The run as the API returned it. */
  declare readonly run: WorkflowRun;
  declare readonly issues: ValidationIssue[];
  constructor(run: WorkflowRun, issues: ValidationIssue[]) {
    super(
      `Run ${run.id} of ${run.workflow_id} has an output that breaks the workflow's output schema: ${describeIssues(issues)}. ` +
        "The workflow or its definition changed: update `defineWorkflow({ output })`, or read the raw output from `error.run`",
    );
    this.run = run;
    this.issues = issues;
  }
}
