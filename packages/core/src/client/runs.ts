import { ValidationError } from "../errors/validation-errors";
import { checkCreateRunParams, checkWorkflowRun } from "../generated/validators";
import type { CreateRunParams, WorkflowRun } from "../schemas/workflow-run";
import type { AnyWorkflow, TypedWorkflowRun } from "../workflows/define-workflow";
import { parseWorkflowRun } from "../workflows/parse-workflow-run";
import type { HttpClient } from "./http-client";
import type { Logger } from "./logger";
import { pollUntilFinal, type WaitOptions } from "./poll";
import type { RequestOptions } from "./request-options";
import { validateId, validateParams } from "./validate";

/** `leap.runs`: start, read and wait for workflow runs. */
export class Runs {
  readonly #http: HttpClient;
  readonly #logger: Logger;

  constructor(http: HttpClient, logger: Logger) {
    this.#http = http;
    this.#logger = logger;
  }

  /** Starts a workflow run; resolves as soon as the API accepted it (usually `queued` or `running`). */
  async create(params: CreateRunParams, options?: RequestOptions): Promise<WorkflowRun> {
    if (typeof params === "object" && params !== null && "input" in params && !("inputs" in params)) {
      throw new ValidationError("run params", [
        { path: "input", message: "unknown field; pass the workflow's inputs as `inputs`" },
      ]);
    }
    const body = validateParams(checkCreateRunParams, params, "run params");
    return this.#http.request({ method: "POST", path: "/v1/runs", body, check: checkWorkflowRun }, options);
  }

  /** Reads a run as it is now; with `{ workflow }` its output is typed and validated (see `defineWorkflow`). */
  retrieve<W extends AnyWorkflow>(
    id: string,
    options: RequestOptions & { workflow: W },
  ): Promise<TypedWorkflowRun<W>>;
  retrieve(id: string, options?: RequestOptions): Promise<WorkflowRun>;
  async retrieve(id: string, options?: RequestOptions & { workflow?: AnyWorkflow }): Promise<WorkflowRun> {
    const runId = validateId(id, "run id");
    const run = await this.#http.request(
      { method: "GET", path: `/v1/runs/${encodeURIComponent(runId)}`, check: checkWorkflowRun },
      options,
    );
    return options?.workflow ? (parseWorkflowRun(options.workflow, run) as Promise<WorkflowRun>) : run;
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
    const runId = validateId(id, "run id");
    const run = await pollUntilFinal(
      runId,
      (request) => this.retrieve(runId, request),
      options,
      this.#logger,
      this.#http.clock,
    );
    // Only the final run is checked: an unfinished one may not have its output yet.
    return options.workflow ? (parseWorkflowRun(options.workflow, run) as Promise<WorkflowRun>) : run;
  }

  /** Starts a run and waits for it to finish. */
  async createAndWait(
    params: CreateRunParams,
    options: WaitOptions<WorkflowRun> & Pick<RequestOptions, "idempotencyKey"> = {},
  ): Promise<WorkflowRun> {
    const run = await this.create(params, {
      signal: options.signal,
      timeout: options.requestTimeout,
      maxRetries: options.maxRetries,
      maxResponseBytes: options.maxResponseBytes,
      idempotencyKey: options.idempotencyKey,
      headers: options.headers,
    });
    options.onPoll?.(run);
    return this.wait(run.id, options);
  }
}
