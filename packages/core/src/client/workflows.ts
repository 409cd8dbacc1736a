import { ConfigurationError } from "../errors/validation-errors";
import type { CreateRunParams, WorkflowRun } from "../schemas/workflow-run";
import { type Tracing, traced } from "../tracing/operation";
import {
  type AnyWorkflow,
  isWorkflowDefinition,
  operationsOf,
  type TypedWorkflowRun,
  type WorkflowInputs,
} from "../workflows/define-workflow";
import type { RunWorkflowAndWaitOptions, RunWorkflowOptions } from "../workflows/run-workflow";
import { BulkRuns } from "./bulk-runs";
import { checkApiKey, checkBaseUrl, checkHeaders } from "./check-config";
import { clockOf } from "./clock";
import { readEnv } from "./env";
import { HttpClient } from "./http-client";
import { type Logger, resolveLogger } from "./logger";
import type { WaitOptions } from "./poll";
import type { RequestOptions } from "./request-options";
import { Runs } from "./runs";
import { type FetchLike, fetchTransport, type Transport } from "./transport";
import { validateRequestNumbers } from "./validate-numbers";
import { VERSION } from "./version";

/** Options of `new Workflows()`. */
export interface WorkflowsOptions {
  /** Your API key, sent as `X-Api-Key` to `baseUrl` only. @default process.env.LEAP_API_KEY */
  apiKey?: string | undefined;
  /**
   * The API's URL, without credentials. Redirects are never followed, to any origin: a 3xx is a `RedirectError`.
   * @default process.env.LEAP_BASE_URL, else "https://api.workflows.tryleap.ai"
   */
  baseUrl?: string | undefined;
  /** A WHATWG fetch to send requests with. @default globalThis.fetch */
  fetch?: FetchLike | undefined;
  /** A lower-level transport; wins over `fetch`. `@leap-workflows/node` sets one on undici. */
  transport?: Transport | undefined;
  /** Milliseconds one attempt may take (connect, headers and body). @default 60_000 */
  timeout?: number | undefined;
  /** Retries of a failed attempt (connection errors, timeouts, 408, 429, 5xx). @default 2 */
  maxRetries?: number | undefined;
  /** The largest response body read, in bytes; reading stops there with a `ResponseTooLargeError`. @default 10_485_760 (10 MB) */
  maxResponseBytes?: number | undefined;
  /** Headers sent with every request. */
  headers?: Record<string, string> | undefined;
  /**
   * Receives a line per attempt, retry decision and delay. Header values are shown only for known-safe names
   * (content-type, user-agent, idempotency-key…), never the key. @default silent, or console when LEAP_LOG=debug
   */
  logger?: Logger | undefined;
  /**
   * Traces each call as an OpenTelemetry span: `openTelemetryTracing(tracer)` from the `/tracing` entry point.
   * @default none (no span, no cost)
   */
  tracing?: Tracing | undefined;
}

/** Leap's API, used when neither `baseUrl` nor `LEAP_BASE_URL` is given. */
const DEFAULT_BASE_URL = "https://api.workflows.tryleap.ai";

/** The default `maxResponseBytes`: far above any run, far below what would hurt a process. */
const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/**
 * The Leap Workflows client.
 *
 * ```ts
 * const leap = new Workflows();
 * const run = await leap.run({ workflow_id: "wkf_123", inputs: { foo: "bar" } });
 * const done = await leap.runs.wait(run.id);
 * ```
 */
export class Workflows {
  /** Start, read and wait for runs. */
  declare readonly runs: Runs;
  /** Start, read and wait for bulk runs. */
  declare readonly bulkRuns: BulkRuns;
  /** The API's base URL in use. */
  declare readonly baseUrl: string;
  readonly #tracing: Tracing | undefined;

  constructor(options: WorkflowsOptions = {}) {
    const apiKey = options.apiKey ?? readEnv("LEAP_API_KEY");
    checkApiKey(apiKey);
    const baseUrl =
      options.baseUrl != null
        ? checkBaseUrl(options.baseUrl)
        : checkBaseUrl(readEnv("LEAP_BASE_URL") ?? DEFAULT_BASE_URL, "baseUrl (from LEAP_BASE_URL)");
    validateRequestNumbers("client options", options);
    checkHeaders(options.headers, "headers");
    const logger = resolveLogger(options.logger);
    const tracing = options.tracing;
    if (tracing !== undefined && typeof tracing?.operation !== "function") {
      throw new ConfigurationError("tracing: expected openTelemetryTracing(tracer)");
    }
    const http = new HttpClient({
      apiKey,
      baseUrl,
      transport: options.transport ?? fetchTransport(options.fetch),
      timeout: options.timeout ?? 60_000,
      maxRetries: options.maxRetries ?? 2,
      maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      headers: options.headers ?? {},
      logger,
      userAgent: `leap-workflows-js/${VERSION}`,
      clock: clockOf(options),
    });
    this.baseUrl = baseUrl;
    const parts = { http, logger, tracing };
    this.runs = new Runs(parts);
    this.bulkRuns = new BulkRuns(parts);
    this.#tracing = tracing;
  }

  /**
   * Starts a workflow run; resolves with the run as soon as the API answers. Same as `runs.create`.
   * Given a `defineWorkflow` definition, `inputs` are type-checked and validated before anything is sent.
   */
  run<W extends AnyWorkflow>(
    workflow: W,
    inputs: WorkflowInputs<W>,
    options?: RunWorkflowOptions,
  ): Promise<TypedWorkflowRun<W>>;
  run(params: CreateRunParams, options?: RequestOptions): Promise<WorkflowRun>;
  run(
    params: CreateRunParams | AnyWorkflow,
    inputsOrOptions?: unknown,
    options?: RunWorkflowOptions,
  ): Promise<WorkflowRun> {
    if (isWorkflowDefinition(params)) {
      return traced(this.#tracing, "run", params, options, (options) =>
        operationsOf(params).run(this.runs, params, inputsOrOptions, options),
      );
    }
    return this.runs.create(params, inputsOrOptions as RequestOptions | undefined);
  }

  /**
   * Starts a workflow run and resolves when it is final. Same as `runs.createAndWait`. Given a
   * `defineWorkflow` definition, inputs are validated first and the final run's `output` is typed and validated.
   */
  runAndWait<W extends AnyWorkflow>(
    workflow: W,
    inputs: WorkflowInputs<W>,
    options?: RunWorkflowAndWaitOptions,
  ): Promise<TypedWorkflowRun<W>>;
  runAndWait(
    params: CreateRunParams,
    options?: WaitOptions<WorkflowRun> & Pick<RequestOptions, "idempotencyKey">,
  ): Promise<WorkflowRun>;
  runAndWait(
    params: CreateRunParams | AnyWorkflow,
    inputsOrOptions?: unknown,
    options?: RunWorkflowAndWaitOptions,
  ): Promise<WorkflowRun> {
    if (isWorkflowDefinition(params)) {
      return traced(this.#tracing, "runAndWait", params, options, (options) =>
        operationsOf(params).runAndWait(this.runs, params, inputsOrOptions, options),
      );
    }
    return this.runs.createAndWait(params, inputsOrOptions as WaitOptions<WorkflowRun> | undefined);
  }

  // The API key lives in a private field of HttpClient; these keep logs and dumps tidy as well.
  /** What `JSON.stringify` shows of the client: its `baseUrl`, never the API key. */
  toJSON(): Record<string, unknown> {
    return { baseUrl: this.baseUrl };
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `Workflows { baseUrl: '${this.baseUrl}' }`;
  }
}
