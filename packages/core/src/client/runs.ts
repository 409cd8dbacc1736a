import { checkCreateRunParams, checkWorkflowRun } from "../generated/validators";
import type { CreateRunParams, WorkflowRun } from "../schemas/workflow-run";
import { traced } from "../tracing/operation";
import { type AnyWorkflow, operationsOf, type TypedWorkflowRun } from "../workflows/define-workflow";
import type { ClientParts } from "./parts";
import { pathSegment } from "./path-segment";
import { pollUntilFinal, type WaitOptions } from "./poll";
import type { RequestOptions } from "./request-options";
import { validateParams } from "./validate";

/**
 * The request body: the inputs under both names, because Leap's docs page reads `inputs` and its
 * published schema (and official SDK) `input`; a server that follows one ignores the other (see
 * CreateRunRequest in openapi/workflows.yaml).
 */
function toRunRequestBody(params: CreateRunParams): CreateRunParams {
  // Object.assign: a rest (`{ inputs, input, ...rest }`) or a spread with more keys was a measurable part of a POST.
  const value = params.inputs ?? params.input;
  return value === undefined ? params : Object.assign({}, params, { inputs: value, input: value });
}

/** `leap.runs`: start, read and wait for workflow runs. */
export class Runs {
  readonly #parts: ClientParts;

  constructor(parts: ClientParts) {
    this.#parts = parts;
  }

  /**
   * Starts a workflow run; resolves as soon as the API accepted it (usually `queued` or `running`).
   * The inputs may be passed as `inputs` or `input` (equal when both); they are sent under both names.
   */
  async create(params: CreateRunParams, options?: RequestOptions): Promise<WorkflowRun> {
    return traced(this.#parts.tracing, "runs.create", params, options, (options) => {
      const body = toRunRequestBody(validateParams(checkCreateRunParams, params, "run params"));
      return this.#parts.http.request(
        { method: "POST", path: "/v1/runs", body, check: checkWorkflowRun },
        options,
      );
    });
  }

  /** Reads a run as it is now; with `{ workflow }` its output is typed and validated (see `defineWorkflow`). */
  retrieve<W extends AnyWorkflow>(
    id: string,
    options: RequestOptions & { workflow: W },
  ): Promise<TypedWorkflowRun<W>>;
  retrieve(id: string, options?: RequestOptions): Promise<WorkflowRun>;
  async retrieve(id: string, options?: RequestOptions & { workflow?: AnyWorkflow }): Promise<WorkflowRun> {
    return traced(this.#parts.tracing, "runs.retrieve", id, options, async (options) => {
      const run = await this.#parts.http.request(
        { method: "GET", path: `/v1/runs/${pathSegment(id, "run id")}`, check: checkWorkflowRun },
        options,
      );
      return options?.workflow
        ? (operationsOf(options.workflow).parse(options.workflow, run) as Promise<WorkflowRun>)
        : run;
    });
  }

  /**
   * Polls until the run is final: `completed`, `failed`, `cancelled`, or a status this SDK does not
   * know. A failed run resolves (check `status`); only the wait itself failing rejects.
   * With `{ workflow }` (a `defineWorkflow` definition) the final run's output is typed and validated.
   */
  wait<W extends AnyWorkflow>(
    id: string,
    options: WaitOptions<WorkflowRun> & { workflow: W },
  ): Promise<TypedWorkflowRun<W>>;
  wait(id: string, options?: WaitOptions<WorkflowRun>): Promise<WorkflowRun>;
  async wait(
    id: string,
    options: WaitOptions<WorkflowRun> & { workflow?: AnyWorkflow } = {},
  ): Promise<WorkflowRun> {
    return traced(this.#parts.tracing, "runs.wait", id, options, async (options = {}) => {
      pathSegment(id, "run id");
      const run = await pollUntilFinal(
        id,
        (request) => this.retrieve(id, request),
        options,
        this.#parts.logger,
        this.#parts.http.clock,
      );
      // Only the final run is checked: an unfinished one may not have its output yet.
      return options.workflow
        ? (operationsOf(options.workflow).parse(options.workflow, run) as Promise<WorkflowRun>)
        : run;
    });
  }

  /** Starts a run and waits for it to finish. */
  async createAndWait(
    params: CreateRunParams,
    options: WaitOptions<WorkflowRun> & Pick<RequestOptions, "idempotencyKey"> = {},
  ): Promise<WorkflowRun> {
    return traced(this.#parts.tracing, "runs.createAndWait", params, options, async (options = {}) => {
      // The wait's own options (`timeout`, intervals, onPoll) are not request options: a request reads only
      // its own fields, and its `timeout` is the wait's `requestTimeout`.
      const run = await this.create(params, { ...options, timeout: options.requestTimeout });
      options.onPoll?.(run);
      return this.wait(run.id, options);
    });
  }
}
