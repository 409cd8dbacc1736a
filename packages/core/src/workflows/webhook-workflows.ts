import { OutputValidationError } from "../errors/output-validation-error";
import { ValidationError } from "../errors/validation-errors";
import { WebhookVerificationError } from "../errors/webhook-verification-error";
import type { WorkflowRun } from "../schemas/workflow-run";
import type { OnRun, WebhookContext } from "../webhooks/webhook-handler-options";
import type { AnyWorkflow, TypedWorkflowRun } from "./define-workflow";
import { parseTypedRun } from "./parse-typed-run";

/** A run of any of `Definitions`, narrowed by `run.workflow_id`. */
export type WorkflowRunOf<Definitions extends readonly AnyWorkflow[]> = TypedWorkflowRun<Definitions[number]>;

/**
 * The typed form of a webhook handler's second argument: the workflows whose runs reach this URL, and
 * `onRun` receiving a union of their runs, narrowed by `workflow_id`.
 */
export interface WorkflowWebhookHandlers<Definitions extends readonly AnyWorkflow[]> {
  /** Every workflow whose runs are delivered here; a run of another workflow is answered 400. */
  workflows: Definitions;
  /** Called with each verified run whose output matches its workflow's schema; throw to answer 500 (retried). */
  onRun: (run: WorkflowRunOf<Definitions>, context: WebhookContext) => unknown;
}

/**
 * Returns the step that runs after the signature check: finds the run's definition by `workflow_id` and
 * validates its output. Failures become `WebhookVerificationError("invalid_body")`, answered 400, with the
 * `OutputValidationError` as `cause`, since the sender retrying would not change the body.
 */
export function createTypedRunParser<Definitions extends readonly AnyWorkflow[]>(
  workflows: Definitions,
): (run: WorkflowRun) => Promise<WorkflowRunOf<Definitions>> {
  const byId = new Map<string, AnyWorkflow>();
  for (const workflow of workflows) byId.set(workflow.id, workflow);
  return async (run) => {
    const workflow = byId.get(run.workflow_id);
    if (!workflow) {
      throw new WebhookVerificationError(
        "invalid_body",
        `The run is of ${run.workflow_id}, which is not in this handler's workflows (${[...byId.keys()].join(", ")}): add its definition`,
      );
    }
    try {
      return (await parseTypedRun(workflow, run)) as WorkflowRunOf<Definitions>;
    } catch (error) {
      if (!OutputValidationError.isInstance(error)) throw error;
      throw new WebhookVerificationError("invalid_body", error.message, { cause: error });
    }
  };
}

/**
 * Lets a runtime's `webhookHandler` take either an `onRun` function or `{ workflows, onRun }`: in the
 * second case `parseRun` checks each verified run against its definition before `onRun` sees it.
 */
export function resolveWebhookHandlers(handlers: OnRun | WorkflowWebhookHandlers<readonly AnyWorkflow[]>): {
  onRun: OnRun;
  parseRun?: (run: WorkflowRun) => Promise<WorkflowRun>;
} {
  if (typeof handlers === "function") return { onRun: handlers };
  if (typeof handlers?.onRun !== "function" || !Array.isArray(handlers.workflows)) {
    throw new ValidationError("webhook handlers", [
      { path: "onRun", message: "expected a function, or { workflows: [definitions], onRun }" },
    ]);
  }
  const parse = createTypedRunParser(handlers.workflows);
  return {
    onRun: handlers.onRun as OnRun,
    parseRun: async (run) => (await parse(run)) as WorkflowRun,
  };
}
