import { ValidationError } from "../errors/validation-errors";
import type { RunStatus } from "../schemas/run-status";
import type { WorkflowRun } from "../schemas/workflow-run";
import { parseTypedRun } from "./parse-typed-run";
import { runWorkflow, runWorkflowAndWait } from "./run-workflow";
import type { StandardSchemaV1 } from "./standard-schema";

// A registered symbol, so definitions made by another copy of this package are still recognised.
const WORKFLOW_BRAND = Symbol.for("leap-workflows.workflow-definition");

/** What the client does with a definition: validate and start, and parse a run's output. */
export interface WorkflowOperations {
  run: typeof runWorkflow;
  runAndWait: typeof runWorkflowAndWait;
  parse: typeof parseTypedRun;
}

// The code behind `leap.run(workflow, …)` and `{ workflow }` travels with each definition, so a bundle
// that never calls defineWorkflow leaves it out: a client class's methods cannot be tree-shaken. Registered, like
// the brand, so a definition from another copy of this package brings that copy's operations.
const OPERATIONS: unique symbol = Symbol.for("leap-workflows.workflow-operations") as never;
const operations: WorkflowOperations = {
  run: runWorkflow,
  runAndWait: runWorkflowAndWait,
  parse: parseTypedRun,
};

/** A workflow's contract: its id, the schema of its inputs and the schema of its output. */
export interface WorkflowDefinition<
  Id extends string = string,
  Inputs extends StandardSchemaV1 = StandardSchemaV1,
  Output extends StandardSchemaV1 = StandardSchemaV1,
> {
  /** The workflow id, e.g. `wkf_123`. */
  readonly id: Id;
  /** Validates `inputs` before a run is started (and in `implementWorkflow`). */
  readonly inputs: Inputs;
  /** Validates a finished run's `output` when it is read, waited on or delivered to a webhook. */
  readonly output: Output;
  readonly [WORKFLOW_BRAND]: true;
}

/** Any workflow definition. */
// biome-ignore lint/suspicious/noExplicitAny: the widest definition; schemas are checked where used.
export type AnyWorkflow = WorkflowDefinition<string, StandardSchemaV1<any, any>, StandardSchemaV1<any, any>>;

/** What a caller passes as a workflow's inputs (the inputs schema's input type). */
export type WorkflowInputs<W extends AnyWorkflow> = StandardSchemaV1.InferInput<W["inputs"]>;

/** A workflow's output once validated (the output schema's output type). */
export type WorkflowOutput<W extends AnyWorkflow> = StandardSchemaV1.InferOutput<W["output"]>;

/**
 * A run of a defined workflow: `workflow_id` is its literal id (so a union of runs narrows on it) and
 * `output` is validated against the output schema; `null` until the run has one.
 */
export type TypedWorkflowRun<W extends AnyWorkflow> = W extends AnyWorkflow
  ? Omit<WorkflowRun, "workflow_id" | "output" | "status"> & {
      workflow_id: W["id"];
      status: RunStatus;
      output: WorkflowOutput<W> | null;
    }
  : never;

/** What `defineWorkflow` takes. */
export interface DefineWorkflowOptions<
  Id extends string,
  Inputs extends StandardSchemaV1,
  Output extends StandardSchemaV1,
> {
  /** The workflow id, e.g. `wkf_123`. */
  id: Id;
  /** A Standard Schema (zod 4 classic or mini, valibot, arktype…) of the inputs object. */
  inputs: Inputs;
  /** A Standard Schema of the output a completed run has. */
  output: Output;
}

const isSchema = (value: unknown): value is StandardSchemaV1 =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as Partial<StandardSchemaV1>)["~standard"]?.validate === "function";

/**
 * Declares a workflow's contract once; `leap.run(workflow, inputs)`, `leap.runs.wait(id, { workflow })`,
 * webhook handlers and `implementWorkflow` all type and validate against it.
 *
 * ```ts
 * import * as z from "zod";
 * const summarize = defineWorkflow({
 *   id: "wkf_summarize",
 *   inputs: z.object({ url: z.url() }),
 *   output: z.object({ summary: z.string() }),
 * });
 * const run = await leap.runAndWait(summarize, { url: "https://example.com" });
 * run.output?.summary; // string
 * ```
 */
export function defineWorkflow<
  const Id extends string,
  // biome-ignore lint/suspicious/noExplicitAny: a schema's input may be anything; its output must be an object.
  Inputs extends StandardSchemaV1<any, Record<string, unknown>>,
  Output extends StandardSchemaV1,
>(options: DefineWorkflowOptions<Id, Inputs, Output>): WorkflowDefinition<Id, Inputs, Output> {
  const issues = [];
  if (typeof options?.id !== "string" || options.id.trim() === "") {
    issues.push({ path: "id", message: "expected a non-empty workflow id such as wkf_123" });
  }
  for (const key of ["inputs", "output"] as const) {
    if (!isSchema(options?.[key])) {
      issues.push({ path: key, message: "expected a Standard Schema (zod 4, valibot, arktype…)" });
    }
  }
  if (issues.length > 0) throw new ValidationError("workflow definition", issues);
  // Enumerable like the brand, so a spread copy of a definition still runs.
  return Object.freeze({
    id: options.id,
    inputs: options.inputs,
    output: options.output,
    [WORKFLOW_BRAND]: true as const,
    [OPERATIONS]: operations,
  });
}

/** The operations a definition carries (see OPERATIONS). */
export const operationsOf = (workflow: AnyWorkflow): WorkflowOperations =>
  (workflow as unknown as { [OPERATIONS]: WorkflowOperations })[OPERATIONS];

/** True for a value made by `defineWorkflow` (by any copy of this package). */
export function isWorkflowDefinition(value: unknown): value is AnyWorkflow {
  return (
    typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[WORKFLOW_BRAND] === true
  );
}
