import type { BulkRun, WorkflowRun } from "@leap-workflows/core";
import { ApiFailure } from "./api-failure";
import { fingerprint, newId, versionIdOf } from "./ids";
import { loadCsvInputs, outputCsv } from "./runner/bulk";
import type { BulkInputOptions } from "./runner/bulk-input-options";
import { Runner } from "./runner/runner";
import type { WorkflowRegistry } from "./runner/workflow";
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

const INTERRUPTED = "interrupted: the dev server stopped while this run was in progress";

/** The API's behaviour, apart from HTTP: runs, bulk runs, idempotency, webhooks, recovery after a crash. */
export class Engine {
  readonly #options: EngineOptions;
  readonly #runner: Runner;
  readonly #deliverer: Deliverer;
  readonly #bulkWaiters = new Map<string, { remaining: number }>();
  #stopped = false;

  constructor(options: EngineOptions) {
    this.#options = options;
    this.#deliverer = new Deliverer({
      store: options.store,
      secret: options.webhookSecret,
      retryDelays: options.webhookRetryDelays,
      attemptTimeoutMs: 10_000,
    });
    this.#runner = new Runner({
      store: options.store,
      workflows: options.workflows,
      concurrency: options.concurrency,
      workflowTimeoutMs: options.workflowTimeoutMs,
      onFinished: (runId) => this.#onRunFinished(runId),
    });
  }

  /** After a crash: fail what was interrupted (and tell its webhook), then resume pending deliveries. */
  recover(): void {
    const { store } = this.#options;
    const endedAt = new Date().toISOString();
    const interrupted = store.runsInProgress();
    const bulkIds = store.bulkRunsInProgress();
    // Pending deliveries first: the ones recorded below are scheduled when they are recorded.
    this.#deliverer.resume();
    // One transaction: a crash during recovery leaves no run failed without its webhook recorded.
    store.transaction(() => {
      for (const { run, webhookUrl } of interrupted) {
        store.finishRun(run.id, { status: "failed", endedAt, error: INTERRUPTED, output: null });
        if (webhookUrl) this.#deliver(run.id, webhookUrl, store.run(run.id));
      }
      for (const id of bulkIds) {
        store.finishBulkRun(id, { status: "failed", error: INTERRUPTED, outputCsv: null });
        const record = store.bulkRunRecord(id);
        if (record?.webhookUrl) this.#deliver(id, record.webhookUrl, this.retrieveBulkRun(id));
      }
    });
  }

  #assertKnownWorkflow(workflowId: string): void {
    if (!Object.hasOwn(this.#options.workflows, workflowId)) {
      const known = Object.keys(this.#options.workflows).join(", ");
      throw new ApiFailure(
        404,
        "workflow_not_found",
        `No workflow ${workflowId}; this dev server knows: ${known}`,
      );
    }
  }

  /** Starts a run, or returns the first run of a repeated Idempotency-Key (`replayed: true`). */
  createRun(
    request: RunRequest,
    idempotencyKey: string | undefined,
  ): { run: WorkflowRun; replayed: boolean } {
    this.#assertAccepting();
    const { store } = this.#options;
    const print = fingerprint(request);
    if (idempotencyKey) {
      const existing = store.runByIdempotencyKey(idempotencyKey);
      if (existing)
        return { run: this.#checkReplay(existing.fingerprint, print, existing.run), replayed: true };
    }
    this.#assertKnownWorkflow(request.workflow_id);
    const now = new Date().toISOString();
    const startsNow = this.#runner.hasFreeSlot;
    const run: WorkflowRun = {
      id: newId("rnp"),
      version_id: versionIdOf(request.workflow_id),
      status: startsNow ? "running" : "queued",
      created_at: now,
      started_at: startsNow ? now : null,
      ended_at: null,
      workflow_id: request.workflow_id,
      error: null,
      input: request.inputs ?? {},
      output: null,
    };
    store.insertRun({
      run,
      webhookUrl: request.webhook_url ?? null,
      bulkRunId: null,
      idempotencyKey: idempotencyKey ?? null,
      fingerprint: print,
    });
    this.#runner.enqueue(run.id);
    return { run, replayed: false };
  }

  retrieveRun(id: string): WorkflowRun {
    const run = this.#options.store.run(id);
    if (!run) throw new ApiFailure(404, "run_not_found", `No run ${id}`);
    return run;
  }

  deliveries(subjectId: string): DeliveryAttempt[] {
    if (!this.#options.store.run(subjectId) && !this.#options.store.bulkRunRecord(subjectId)) {
      throw new ApiFailure(404, "run_not_found", `No run or bulk run ${subjectId}`);
    }
    return this.#options.store.deliveryAttempts(subjectId);
  }

  createBulkRun(
    request: BulkRunRequest,
    idempotencyKey: string | undefined,
  ): { bulk: BulkRun; replayed: boolean } {
    this.#assertAccepting();
    const { store, outputCsvUrl } = this.#options;
    const print = fingerprint(request);
    if (idempotencyKey) {
      const existing = store.bulkRunByIdempotencyKey(idempotencyKey, outputCsvUrl);
      if (existing)
        return { bulk: this.#checkReplay(existing.fingerprint, print, existing.bulk), replayed: true };
    }
    this.#assertKnownWorkflow(request.workflow_id);
    const bulk: BulkRun = {
      id: newId("bulk"),
      version_id: versionIdOf(request.workflow_id),
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
    this.#startBulk(bulk).catch((error: unknown) =>
      console.error(`[leap-workflows-dev] bulk run ${bulk.id} could not start:`, error),
    );
    return { bulk, replayed: false };
  }

  retrieveBulkRun(id: string): BulkRun {
    const bulk = this.#options.store.bulkRun(id, this.#options.outputCsvUrl);
    if (!bulk) throw new ApiFailure(404, "bulk_run_not_found", `No bulk run ${id}`);
    return bulk;
  }

  outputCsv(id: string): string {
    const csv = this.#options.store.bulkRunRecord(id)?.outputCsv;
    if (!csv) throw new ApiFailure(404, "not_found", `Bulk run ${id} has no output yet`);
    return csv;
  }

  /** Stops running workflows (each fails, persisted) and delivery scheduling; pending deliveries stay stored. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#runner.stop("the dev server shut down while this run was in progress");
    await this.#deliverer.stop();
  }

  #assertAccepting(): void {
    if (this.#stopped) {
      throw new ApiFailure(503, "shutting_down", "The dev server is shutting down; retry once it is back");
    }
  }

  #checkReplay<T>(stored: string | null, print: string, result: T): T {
    if (stored !== print) {
      throw new ApiFailure(
        409,
        "idempotency_key_reused",
        "This Idempotency-Key was already used with a different body; use a new key for a new request",
      );
    }
    return result;
  }

  async #startBulk(bulk: BulkRun): Promise<void> {
    const { store } = this.#options;
    let rows: Record<string, string>[];
    try {
      rows = await loadCsvInputs(bulk.input_csv_url, this.#options.bulkInput);
    } catch (error) {
      if (this.#stopped) return;
      this.#finishBulk(bulk.id, {
        status: "failed",
        error: `could not read input_csv_url: ${(error as Error).message}`,
        outputCsv: null,
      });
      return;
    }
    // Stopped while reading the CSV: the bulk run stays in progress and is failed as interrupted on the next start.
    if (this.#stopped) return;
    store.setBulkRowCount(bulk.id, rows.length);
    if (rows.length === 0) {
      this.#finishBulk(bulk.id, { status: "completed", error: null, outputCsv: outputCsv([]) });
      return;
    }
    this.#bulkWaiters.set(bulk.id, { remaining: rows.length });
    const now = new Date().toISOString();
    const ids = store.transaction(() =>
      rows.map((inputs) => {
        const run: WorkflowRun = {
          id: newId("rnp"),
          version_id: bulk.version_id,
          status: "queued",
          created_at: now,
          started_at: null,
          ended_at: null,
          workflow_id: bulk.workflow_id,
          error: null,
          input: inputs,
          output: null,
        };
        store.insertRun({
          run,
          webhookUrl: null,
          bulkRunId: bulk.id,
          idempotencyKey: null,
          fingerprint: null,
        });
        return run.id;
      }),
    );
    for (const id of ids) this.#runner.enqueue(id);
  }

  #finishBulk(id: string, result: { status: string; error: string | null; outputCsv: string | null }): void {
    this.#options.store.finishBulkRun(id, result);
    const webhookUrl = this.#options.store.bulkRunRecord(id)?.webhookUrl;
    if (webhookUrl) this.#deliver(id, webhookUrl, this.retrieveBulkRun(id));
  }

  #onRunFinished(runId: string): void {
    const stored = this.#options.store.storedRun(runId);
    if (!stored) return;
    if (stored.webhookUrl) this.#deliver(runId, stored.webhookUrl, stored.run);
    const bulkId = stored.bulkRunId;
    const waiter = bulkId ? this.#bulkWaiters.get(bulkId) : undefined;
    if (!bulkId || !waiter) return;
    waiter.remaining--;
    if (waiter.remaining > 0) return;
    this.#bulkWaiters.delete(bulkId);
    const runs = this.#options.store.runsOfBulk(bulkId);
    this.#finishBulk(bulkId, { status: "completed", error: null, outputCsv: outputCsv(runs) });
  }

  #deliver(subjectId: string, url: string, payload: unknown): void {
    this.#deliverer.enqueue(subjectId, url, JSON.stringify(payload));
  }
}
