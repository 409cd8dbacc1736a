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

function abortable(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

/** Built in, with no workflows file: enough to try every path of the API. */
export const BUILT_IN_WORKFLOWS: WorkflowRegistry = {
  wkf_echo: (inputs) => inputs,
  wkf_sleep: async (inputs, { signal }) => {
    const ms = Number(inputs.ms ?? 1000);
    if (!Number.isFinite(ms) || ms < 0) throw new Error("inputs.ms must be a number of milliseconds >= 0");
    await abortable(ms, signal);
    return { slept: ms };
  },
  wkf_fail: (inputs) => {
    throw new Error(
      typeof inputs.message === "string" ? inputs.message : "wkf_fail failed, as it always does",
    );
  },
};
