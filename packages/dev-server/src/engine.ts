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
import { GroupCommit } from "./store/group-commit";
import type { DeliveryAttempt, Store, StoredRun } from "./store/store";
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

/** A validated `POST /v1/runs` body. */
export interface RunRequest {
  workflow_id: string;
  webhook_url?: string | undefined;
  inputs?: Record<string, unknown> | undefined;
}

/** A validated `POST /v1/runs/bulk` body. */
export interface BulkRunRequest {
  workflow_id: string;
  input_csv_url: string;
  webhook_url?: string | undefined;
}

/** A run on its way into the store (group commit); its status is decided when the batch is written. */
interface PendingCreate {
  stored: StoredRun;
}

/** The API's behaviour, apart from HTTP: runs, bulk runs, idempotency, webhooks, recovery after a crash. */
export class Engine {
  readonly #options: EngineOptions;
  readonly #runner: Runner;
  readonly #deliverer: Deliverer;
  readonly #creates: GroupCommit<PendingCreate>;
  // Creates not yet committed, by Idempotency-Key: a retry arriving in the same turn must find them.
  readonly #pendingKeys = new Map<string, { fingerprint: string; created: Promise<WorkflowRun> }>();
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
    this.#creates = new GroupCommit((batch) => this.#commitCreates(batch));
    this.#workflows = new KnownWorkflows(options.workflows);
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

  /**
   * Starts a run, or returns the first run of a repeated Idempotency-Key (`replayed: true`). Resolves once
   * the run is committed to the store (group commit: the creates of one event-loop turn share a commit).
   */
  async createRun(
    request: RunRequest,
    idempotencyKey: string | undefined,
  ): Promise<{ run: WorkflowRun; replayed: boolean }> {
    this.#accepting.assert();
    const { store } = this.#options;
    const print = fingerprint(request);
    if (idempotencyKey) {
      const pending = this.#pendingKeys.get(idempotencyKey);
      if (pending)
        return { run: replayOf(pending.fingerprint, print, await pending.created), replayed: true };
      const existing = store.runByIdempotencyKey(idempotencyKey);
      if (existing) return { run: replayOf(existing.fingerprint, print, existing.run), replayed: true };
    }
    const versionId = this.#workflows.versionId(request.workflow_id);
    const run: WorkflowRun = {
      id: newId("rnp"),
      version_id: versionId,
      status: "queued",
      created_at: new Date().toISOString(),
      started_at: null,
      ended_at: null,
      workflow_id: request.workflow_id,
      error: null,
      input: request.inputs ?? {},
      output: null,
    };
    const stored: StoredRun = {
      run,
      webhookUrl: request.webhook_url ?? null,
      bulkRunId: null,
      idempotencyKey: idempotencyKey ?? null,
      fingerprint: print,
    };
    const created = this.#creates.add({ stored }).then(() => run);
    if (idempotencyKey) {
      this.#pendingKeys.set(idempotencyKey, { fingerprint: print, created });
      void created.then(
        () => this.#pendingKeys.delete(idempotencyKey),
        () => this.#pendingKeys.delete(idempotencyKey),
      );
    }
    // A copy per answer: replays of a key still in the batch share `run`.
    return { run: { ...(await created) }, replayed: false };
  }

  #commitCreates(batch: PendingCreate[]): void {
    const { store } = this.#options;
    let free = this.#runner.freeSlots;
    const now = new Date().toISOString();
    for (const { stored } of batch) {
      if (free > 0) {
        free--;
        stored.run.status = "running";
        stored.run.started_at = now;
      }
    }
    store.transaction(() => {
      for (const { stored } of batch) store.insertRun(stored);
    });
    for (const { stored } of batch) this.#runner.enqueue({ ...stored, run: { ...stored.run } });
  }

  retrieveRun(id: string): WorkflowRun {
    this.#runner.flush();
    const run = this.#options.store.run(id);
    if (!run) throw new ApiFailure(404, "run_not_found", `No run ${id}`);
    return run;
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
    this.#creates.flush();
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
