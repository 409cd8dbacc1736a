import type { WaitOptions } from "../client/poll";
import type { RequestOptions } from "../client/request-options";
import type { Runs } from "../client/runs";
import { ValidationError } from "../errors/validation-errors";
import type { WorkflowRun } from "../schemas/workflow-run";
import type { AnyWorkflow, TypedWorkflowRun, WorkflowInputs } from "./define-workflow";
import { parseTypedRun } from "./parse-typed-run";
import { validateWithSchema } from "./validate-with-schema";

/** Options of `leap.run(workflow, inputs, options)`: request options plus where to send the finished run. */
export interface RunWorkflowOptions extends RequestOptions {
  /** An http(s) URL the finished run is POSTed to, signed. @default none */
  webhookUrl?: string | undefined;
}

/** Options of `leap.runAndWait(workflow, inputs, options)`. */
export interface RunWorkflowAndWaitOptions
  extends WaitOptions<WorkflowRun>,
    Pick<RequestOptions, "idempotencyKey"> {
  /** An http(s) URL the finished run is POSTed to, signed. @default none */
  webhookUrl?: string | undefined;
}

/** Validates `inputs` with the workflow's inputs schema; nothing is sent when they are invalid. */
async function validateWorkflowInputs<W extends AnyWorkflow>(
  workflow: W,
  inputs: WorkflowInputs<W>,
): Promise<Record<string, unknown>> {
  const result = await validateWithSchema(workflow.inputs, inputs, "inputs");
  if (!result.ok) throw new ValidationError(`inputs of ${workflow.id}`, result.issues);
  return result.value as Record<string, unknown>;
}

/** `leap.run(workflow, inputs)`: validate, start, and return the run typed by its definition. */
export async function runWorkflow<W extends AnyWorkflow>(
  runs: Runs,
  workflow: W,
  inputs: WorkflowInputs<W>,
  options: RunWorkflowOptions = {},
): Promise<TypedWorkflowRun<W>> {
  const { webhookUrl, ...requestOptions } = options;
  const parsed = await validateWorkflowInputs(workflow, inputs);
  const run = await runs.create(
    {
      workflow_id: workflow.id,
      inputs: parsed,
      ...(webhookUrl === undefined ? {} : { webhook_url: webhookUrl }),
    },
    requestOptions,
  );
  return parseTypedRun(workflow, run);
}

/** `leap.runAndWait(workflow, inputs)`: validate, start, wait, and return the final run with a validated output. */
export async function runWorkflowAndWait<W extends AnyWorkflow>(
  runs: Runs,
  workflow: W,
  inputs: WorkflowInputs<W>,
  options: RunWorkflowAndWaitOptions = {},
): Promise<TypedWorkflowRun<W>> {
  const { webhookUrl, ...waitOptions } = options;
  const parsed = await validateWorkflowInputs(workflow, inputs);
  const run = await runs.createAndWait(
    {
      workflow_id: workflow.id,
      inputs: parsed,
      ...(webhookUrl === undefined ? {} : { webhook_url: webhookUrl }),
    },
    waitOptions,
  );
  return parseTypedRun(workflow, run);
}
