import type { BulkRun, WorkflowRun } from "@leap-workflows/core";
import { Accepting } from "./accepting";
import { ApiFailure } from "./api-failure";
import { replayOf } from "./idempotency";
import { fingerprint, newId } from "./ids";
import { KnownWorkflows } from "./known-workflows";
import { type DevServerLogger, describeError } from "./log/log-event";
import { recover } from "./recovery";
import { csvInputs } from "./runner/bulk";
import type { BulkInputOptions } from "./runner/bulk-input-options";
import { buildOutputCsv, storeBulkRows } from "./runner/bulk-rows";
import { readCsvSource } from "./runner/csv-source";
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

/** A validated `POST /v1/runs/bulk` body. */
export interface BulkRunRequest {
  workflow_id: string;
  input_csv_url: string;
  webhook_url?: string | undefined;
}

/** The API's behaviour, apart from HTTP: runs, bulk runs, idempotency, webhooks, recovery after a crash. */
export class Engine {
  readonly #options: EngineOptions;
  readonly #runner: Runner;
  readonly #deliverer: Deliverer;
  readonly #runs: Runs;
  readonly #bulkWaiters = new Map<string, { remaining: number }>();
  // Bulk runs reading their CSV or storing their rows; stop() waits for them.
  readonly #ingesting = new Set<Promise<void>>();
  readonly #csvReads = new AbortController();
  readonly #workflows: KnownWorkflows;
  readonly #accepting = new Accepting();

  constructor(options: EngineOptions) {
    this.#options = options;
    this.#deliverer = new Deliverer({
      store: options.store,
      secret: options.webhookSecret,
      retryDelays: options.webhookRetryDelays,
      attemptTimeoutMs: options.webhookTimeoutMs,
      logger: options.logger,
    });
    this.#runner = new Runner({
      store: options.store,
      workflows: options.workflows,
      concurrency: options.concurrency,
      workflowTimeoutMs: options.workflowTimeoutMs,
      onFinished: (finished) => this.#onRunsFinished(finished),
      logger: options.logger,
    });
    this.#workflows = new KnownWorkflows(options.workflows);
    this.#runs = new Runs({
      store: options.store,
      runner: this.#runner,
      workflows: this.#workflows,
      accepting: this.#accepting,
    });
  }

  /** Sets going again what a stop or a crash left in the store (see `recover`). */
  recover(): void {
    recover(this.#options.store, {
      resumeDeliveries: () => this.#deliverer.resume(),
      deliver: (subjectId, url, payload) => this.#deliver(subjectId, url, payload),
      enqueueRun: (stored) => this.#runner.enqueue(stored),
      resumeBulk: (id) => this.#awaitRows(id, this.#options.store.unfinishedRunsOfBulk(id)),
      reimportBulk: (id) => {
        const bulk = this.#options.store.bulkRun(id, this.#options.outputCsvUrl);
        if (bulk) this.#track(this.#ingestBulk(bulk));
      },
    });
  }

  /** See `Runs.create`. */
  createRun(
    request: RunRequest,
    idempotencyKey: string | undefined,
  ): Promise<{ run: WorkflowRun; replayed: boolean }> {
    return this.#runs.create(request, idempotencyKey);
  }

  retrieveRun(id: string): WorkflowRun {
    return this.#runs.retrieve(id);
  }

  deliveries(subjectId: string): DeliveryAttempt[] {
    this.#runner.flush();
    this.#deliverer.flush();
    if (!this.#options.store.run(subjectId) && !this.#options.store.bulkRunRecord(subjectId)) {
      throw new ApiFailure(404, "run_not_found", `No run or bulk run ${subjectId}`);
    }
    return this.#options.store.deliveryAttempts(subjectId);
  }

  createBulkRun(
    request: BulkRunRequest,
    idempotencyKey: string | undefined,
  ): { bulk: BulkRun; replayed: boolean } {
    this.#accepting.assert();
    const { store, outputCsvUrl } = this.#options;
    const print = fingerprint(request);
    if (idempotencyKey) {
      const existing = store.bulkRunByIdempotencyKey(idempotencyKey, outputCsvUrl);
      if (existing) return { bulk: replayOf(existing.fingerprint, print, existing.bulk), replayed: true };
    }
    const versionId = this.#workflows.versionId(request.workflow_id);
    const bulk: BulkRun = {
      id: newId("bulk"),
      version_id: versionId,
      status: "running",
      created_at: new Date().toISOString(),
      workflow_id: request.workflow_id,
      input_csv_url: request.input_csv_url,
      output_csv_url: null,
      error: null,
      // A number always, as in Leap's published schema: 0 until the CSV is read.
      row_count: 0,
    };
    store.insertBulkRun(bulk, {
      webhookUrl: request.webhook_url ?? null,
      idempotencyKey: idempotencyKey ?? null,
      fingerprint: print,
    });
    this.#track(this.#ingestBulk(bulk));
    return { bulk, replayed: false };
  }

  retrieveBulkRun(id: string): BulkRun {
    this.#runner.flush();
    const bulk = this.#options.store.bulkRun(id, this.#options.outputCsvUrl);
    if (!bulk) throw new ApiFailure(404, "bulk_run_not_found", `No bulk run ${id}`);
    return bulk;
  }

  outputCsv(id: string): string {
    const csv = this.#options.store.bulkRunRecord(id)?.outputCsv;
    if (!csv) throw new ApiFailure(404, "not_found", `Bulk run ${id} has no output yet`);
    return csv;
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
    this.#csvReads.abort();
    await Promise.allSettled([...this.#ingesting]);
    await this.#runner.stop("the dev server shut down while this run was in progress");
    await this.#deliverer.stop();
  }

  #track(work: Promise<void>): void {
    const tracked = work
      .catch((error: unknown) =>
        this.#options.logger({
          kind: "error",
          message: `a bulk run failed: ${describeError(error)}`,
        }),
      )
      .finally(() => this.#ingesting.delete(tracked));
    this.#ingesting.add(tracked);
  }

  /** Reads the CSV, stores its rows (`storeBulkRows`) and queues them; a CSV that cannot be read fails the bulk run. */
  async #ingestBulk(bulk: BulkRun): Promise<void> {
    const { store } = this.#options;
    let rows: Iterator<Record<string, string>>;
    try {
      const { bulkInput } = this.#options;
      rows = csvInputs(
        await readCsvSource(bulk.input_csv_url, bulkInput, this.#csvReads.signal),
        bulkInput.maxRows,
      );
    } catch (error) {
      // Stopped while reading: the bulk run stays without rows and reads its CSV again on the next start.
      if (this.#accepting.stopped) return;
      this.#finishBulk(bulk.id, {
        status: "failed",
        error: `could not read input_csv_url: ${(error as Error).message}`,
        outputCsv: null,
      });
      return;
    }
    let count: number;
    try {
      count = await storeBulkRows(store, bulk, rows, () => this.#accepting.stopped);
    } catch (error) {
      // A row too many (or a broken row) found part-way: the rows stored so far never ran; drop them.
      store.transaction(() => {
        store.deleteRunsOfBulk(bulk.id);
        this.#finishBulk(bulk.id, {
          status: "failed",
          error: `could not read input_csv_url: ${(error as Error).message}`,
          outputCsv: null,
        });
      });
      return;
    }
    if (this.#accepting.stopped) return;
    this.#awaitRows(bulk.id, count);
  }

  #awaitRows(id: string, remaining: number): void {
    this.#bulkWaiters.set(id, { remaining });
    if (remaining === 0) this.#completeBulk(id);
    else this.#runner.enqueueBulk(id);
  }

  #finishBulk(id: string, result: { status: string; error: string | null; outputCsv: string | null }): void {
    const { store } = this.#options;
    store.transaction(() => {
      store.finishBulkRun(id, result);
      const webhookUrl = store.bulkRunRecord(id)?.webhookUrl;
      if (webhookUrl) this.#deliver(id, webhookUrl, store.bulkRun(id, this.#options.outputCsvUrl));
    });
  }

  /** Builds the output CSV (`buildOutputCsv`), then completes the bulk run. */
  #completeBulk(id: string): void {
    this.#bulkWaiters.delete(id);
    const build = async () => {
      const csv = await buildOutputCsv(this.#options.store, id, () => this.#accepting.stopped);
      if (csv !== undefined) this.#finishBulk(id, { status: "completed", error: null, outputCsv: csv });
    };
    this.#track(build());
  }

  #onRunsFinished(finished: FinishedRun[]): void {
    for (const { run, webhookUrl, bulkRunId } of finished) {
      if (webhookUrl) this.#deliver(run.id, webhookUrl, run);
      const waiter = bulkRunId ? this.#bulkWaiters.get(bulkRunId) : undefined;
      if (!bulkRunId || !waiter) continue;
      waiter.remaining--;
      if (waiter.remaining === 0) this.#completeBulk(bulkRunId);
    }
  }

  #deliver(subjectId: string, url: string, payload: unknown): void {
    this.#deliverer.enqueue(subjectId, url, JSON.stringify(payload));
  }
}
