import { ValidationError } from "../errors/validation-errors";
import {
  type CreateRunParams,
  createRunParamsSchema,
  type WorkflowRun,
  workflowRunSchema,
} from "../schemas/workflow-run";
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
    const body = validateParams(createRunParamsSchema, params, "run params");
    return this.#http.request({ method: "POST", path: "/v1/runs", body, schema: workflowRunSchema }, options);
  }

  /** Reads a run as it is now. */
  async retrieve(id: string, options?: RequestOptions): Promise<WorkflowRun> {
    const runId = validateId(id, "run id");
    return this.#http.request(
      { method: "GET", path: `/v1/runs/${encodeURIComponent(runId)}`, schema: workflowRunSchema },
      options,
    );
  }

  /**
   * Polls until the run is final: `completed`, `failed`, `cancelled`, or a status this SDK does not
   * know. A failed run resolves (check `status`); only the wait itself failing rejects.
   */
  async wait(id: string, options: WaitOptions = {}): Promise<WorkflowRun> {
    const runId = validateId(id, "run id");
    return pollUntilFinal(runId, (request) => this.retrieve(runId, request), options, this.#logger);
  }

  /** Starts a run and waits for it to finish. */
  async createAndWait(
    params: CreateRunParams,
    options: WaitOptions & Pick<RequestOptions, "idempotencyKey"> = {},
  ): Promise<WorkflowRun> {
    const run = await this.create(params, {
      signal: options.signal,
      timeout: options.requestTimeout,
      maxRetries: options.maxRetries,
      idempotencyKey: options.idempotencyKey,
      headers: options.headers,
    });
    options.onPoll?.(run);
    return this.wait(run.id, options);
  }
}
