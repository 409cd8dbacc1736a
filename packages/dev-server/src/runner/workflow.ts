/** What a workflow implementation receives besides its inputs. */
export interface WorkflowContext {
  runId: string;
  workflowId: string;
  /** Aborts when the run times out or the server shuts down; long workflows should listen to it. */
  signal: AbortSignal;
}

/** A workflow implementation: inputs in, output out; throwing fails the run with the error's message. */
export type WorkflowImplementation = (inputs: Record<string, unknown>, context: WorkflowContext) => unknown;

/** The workflows a dev server knows, by workflow id. */
export type WorkflowRegistry = Record<string, WorkflowImplementation>;
