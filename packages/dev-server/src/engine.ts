import type { BulkRun, WorkflowRun } from "@leap-workflows/core";
import { Accepting } from "./accepting";
import { ApiFailure } from "./api-failure";
import { type BulkRunRequest, BulkRuns } from "./bulk-runs";
import { KnownWorkflows } from "./known-workflows";
import type { DevServerLogger } from "./log/log-event";
import { recover } from "./recovery";
import type { BulkInputOptions } from "./runner/bulk-input-options";
import { type FinishedRun, Runner } from "./runner/runner";
import type { WorkflowRegistry } from "./runner/workflow";
import { type RunRequest, Runs } from "./runs";
import type { DeliveryAttempt, Store } from "./store/store";
import { Deliverer } from "./webhooks/deliverer";

/** Everything the engine needs, resolved from the server options. */
export interface EngineOptions {
  store: Store;
  workflows: WorkflowRegistry;
  webhookSecret: string;
  webhookRetryDelays: number[];
  concurrency: number;
  workflowTimeoutMs: number;
  /** Milliseconds one webhook attempt may take before it counts as failed. */
  webhookTimeoutMs: number;
  logger: DevServerLogger;
  /** Where bulk runs may read CSVs from, and how many rows. */
  bulkInput: BulkInputOptions;
  /** The public URL of a bulk run's output CSV. */
  outputCsvUrl(bulkRunId: string): string;
}

/**
 * The API's behaviour, apart from HTTP: wires runs (`Runs`), bulk runs (`BulkRuns`), the runner, webhook
 * deliveries and recovery after a crash (`recover`) together.
 */
export class Engine {
  readonly #store: Store;
  readonly #accepting = new Accepting();
  readonly #runner: Runner;
  readonly #deliverer: Deliverer;
  readonly #runs: Runs;
  readonly #bulkRuns: BulkRuns;

  constructor(options: EngineOptions) {
    const { store, logger } = options;
    this.#store = store;
    this.#deliverer = new Deliverer({
      store,
      secret: options.webhookSecret,
      retryDelays: options.webhookRetryDelays,
      attemptTimeoutMs: options.webhookTimeoutMs,
      logger,
    });
    this.#runner = new Runner({
      store,
      workflows: options.workflows,
      concurrency: options.concurrency,
      workflowTimeoutMs: options.workflowTimeoutMs,
      onFinished: (finished) => this.#onRunsFinished(finished),
      logger,
    });
    const workflows = new KnownWorkflows(options.workflows);
    const shared = { store, runner: this.#runner, workflows, accepting: this.#accepting };
    this.#runs = new Runs(shared);
    this.#bulkRuns = new BulkRuns({
      ...shared,
      logger,
      bulkInput: options.bulkInput,
      outputCsvUrl: options.outputCsvUrl,
      deliver: (subjectId, url, payload) => this.#deliver(subjectId, url, payload),
    });
  }

  /** Sets going again what a stop or a crash left in the store (see `recover`). */
  recover(): void {
    recover(this.#store, {
      resumeDeliveries: () => this.#deliverer.resume(),
      deliver: (subjectId, url, payload) => this.#deliver(subjectId, url, payload),
      enqueueRun: (stored) => this.#runner.enqueue(stored),
      resumeBulk: (id) => this.#bulkRuns.resume(id),
      reimportBulk: (id) => this.#bulkRuns.reimport(id),
    });
  }

  /**
   * See `Runs.create`. A valid `traceparent` (the create request's header) goes with the run's webhook as a
   * header too.
   */
  async createRun(
    request: RunRequest,
    idempotencyKey: string | undefined,
    traceparent?: string | undefined,
  ): Promise<{ run: WorkflowRun; replayed: boolean }> {
    const created = await this.#runs.create(request, idempotencyKey);
    if (traceparent && request.webhook_url && !created.replayed) {
      this.#deliverer.traceWith(created.run.id, traceparent);
    }
    return created;
  }

  retrieveRun(id: string): WorkflowRun {
    return this.#runs.retrieve(id);
  }

  createBulkRun(
    request: BulkRunRequest,
    idempotencyKey: string | undefined,
  ): { bulk: BulkRun; replayed: boolean } {
    return this.#bulkRuns.create(request, idempotencyKey);
  }

  retrieveBulkRun(id: string): BulkRun {
    return this.#bulkRuns.retrieve(id);
  }

  outputCsv(id: string): AsyncIterable<string> {
    return this.#bulkRuns.outputCsv(id);
  }

  deliveries(subjectId: string): DeliveryAttempt[] {
    const attempts = this.deliveryAttempts(subjectId);
    if (attempts.length === 0 && !this.#store.run(subjectId) && !this.#store.bulkRunRecord(subjectId)) {
      throw new ApiFailure(404, "run_not_found", `No run or bulk run ${subjectId}`);
    }
    return attempts;
  }

  /** Every webhook attempt recorded for a run or bulk run (none for an unknown id), oldest first. */
  deliveryAttempts(subjectId: string): DeliveryAttempt[] {
    this.#runner.flush();
    this.#deliverer.flush();
    return this.#store.deliveryAttempts(subjectId);
  }

  /** Writes what the runner has finished but not yet stored (for `listRuns()` and tests). */
  flush(): void {
    this.#runner.flush();
  }

  /**
   * Stops accepting; commits the creates already received and the rows of bulk runs being stored; fails
   * running workflows as interrupted (persisted); leaves queued runs and pending deliveries in the store
   * for the next start.
   */
  async stop(): Promise<void> {
    this.#accepting.close();
    this.#runs.commitPending();
    await this.#bulkRuns.stop();
    await this.#runner.stop("the dev server shut down while this run was in progress");
    await this.#deliverer.stop();
  }

  #onRunsFinished(finished: FinishedRun[]): void {
    for (const { run, webhookUrl, bulkRunId } of finished) {
      if (webhookUrl) this.#deliver(run.id, webhookUrl, run);
      if (bulkRunId) this.#bulkRuns.rowFinished(bulkRunId);
    }
  }

  #deliver(subjectId: string, url: string, payload: unknown): void {
    this.#deliverer.enqueue(subjectId, url, JSON.stringify(payload));
  }
}
