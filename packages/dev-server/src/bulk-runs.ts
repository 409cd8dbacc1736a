import type { BulkRun, CreateBulkRunParams } from "@leap-workflows/core";
import type { Accepting } from "./accepting";
import { ApiFailure } from "./api-failure";
import { importBulkCsv } from "./bulk-import";
import { replayOf } from "./idempotency";
import { fingerprint, newId } from "./ids";
import type { KnownWorkflows } from "./known-workflows";
import { type DevServerLogger, describeError } from "./log/log-event";
import type { BulkInputOptions } from "./runner/bulk-input-options";
import { outputCsvChunks } from "./runner/bulk-rows";
import type { Runner } from "./runner/runner";
import type { Store } from "./store/store";

/** A validated `POST /v1/runs/bulk` body. */
export type BulkRunRequest = CreateBulkRunParams;

interface BulkRunsOptions {
  store: Store;
  runner: Runner;
  workflows: KnownWorkflows;
  accepting: Accepting;
  logger: DevServerLogger;
  bulkInput: BulkInputOptions;
  outputCsvUrl(bulkRunId: string): string;
  /** Queues the webhook of a finished bulk run. */
  deliver(subjectId: string, url: string, payload: unknown): void;
}

/** Bulk runs: created (importing their CSV), counted down as their rows finish, their output CSV served from their runs. */
export class BulkRuns {
  readonly #options: BulkRunsOptions;
  readonly #waiters = new Map<string, { remaining: number }>();
  // Bulk runs reading their CSV or storing their rows; stop() waits for them.
  readonly #ingesting = new Set<Promise<void>>();
  readonly #csvReads = new AbortController();

  constructor(options: BulkRunsOptions) {
    this.#options = options;
  }

  create(request: BulkRunRequest, idempotencyKey: string | undefined): { bulk: BulkRun; replayed: boolean } {
    this.#options.accepting.assert();
    const { store, outputCsvUrl } = this.#options;
    const print = fingerprint(request);
    if (idempotencyKey) {
      const existing = store.bulkRunByIdempotencyKey(idempotencyKey, outputCsvUrl);
      if (existing) return { bulk: replayOf(existing.fingerprint, print, existing.bulk), replayed: true };
    }
    const versionId = this.#options.workflows.versionId(request.workflow_id);
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
    this.#track(this.#ingest(bulk));
    return { bulk, replayed: false };
  }

  retrieve(id: string): BulkRun {
    this.#options.runner.flush();
    const bulk = this.#options.store.bulkRun(id, this.#options.outputCsvUrl);
    if (!bulk) throw new ApiFailure(404, "bulk_run_not_found", `No bulk run ${id}`);
    return bulk;
  }

  /** The output CSV of a completed bulk run, a page of rows at a time (see `outputCsvChunks`). */
  outputCsv(id: string): AsyncIterable<string> {
    if (this.#options.store.bulkRunRecord(id)?.status !== "completed") {
      throw new ApiFailure(404, "not_found", `Bulk run ${id} has no output yet`);
    }
    return outputCsvChunks(this.#options.store, id);
  }

  /** Counts down a bulk run whose row just finished; the last one completes it. */
  rowFinished(bulkRunId: string): void {
    const waiter = this.#waiters.get(bulkRunId);
    if (!waiter) return;
    waiter.remaining--;
    if (waiter.remaining === 0) this.#complete(bulkRunId);
  }

  /** Runs the unfinished rows of a bulk run whose rows are all stored (after a restart). */
  resume(id: string): void {
    this.#await(id, this.#options.store.unfinishedRunsOfBulk(id));
  }

  /** Reads the CSV of a bulk run again (after a restart that found its rows not all stored). */
  reimport(id: string): void {
    const bulk = this.#options.store.bulkRun(id, this.#options.outputCsvUrl);
    if (bulk) this.#track(this.#ingest(bulk));
  }

  /** Ends the CSV reads in flight and waits for the bulk runs being imported or completed. */
  async stop(): Promise<void> {
    this.#csvReads.abort();
    await Promise.allSettled([...this.#ingesting]);
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

  /** Imports the CSV (`importBulkCsv`) and queues its rows. */
  async #ingest(bulk: BulkRun): Promise<void> {
    const { store, bulkInput, accepting } = this.#options;
    const count = await importBulkCsv(bulk, {
      store,
      bulkInput,
      signal: this.#csvReads.signal,
      stopped: () => accepting.stopped,
      fail: (id, error) => this.#finish(id, { status: "failed", error }),
    });
    if (count === undefined || accepting.stopped) return;
    this.#await(bulk.id, count);
  }

  #await(id: string, remaining: number): void {
    this.#waiters.set(id, { remaining });
    if (remaining === 0) this.#complete(id);
    else this.#options.runner.enqueueBulk(id);
  }

  #finish(id: string, result: { status: string; error: string | null }): void {
    const { store } = this.#options;
    store.transaction(() => {
      store.finishBulkRun(id, result);
      const webhookUrl = store.bulkRunRecord(id)?.webhookUrl;
      if (webhookUrl) this.#options.deliver(id, webhookUrl, store.bulkRun(id, this.#options.outputCsvUrl));
    });
  }

  /**
   * Completes a bulk run whose rows all finished. Nothing is built: its output CSV is its runs' results,
   * already stored as each row finished, and read page by page when it is downloaded.
   */
  #complete(id: string): void {
    this.#waiters.delete(id);
    this.#finish(id, { status: "completed", error: null });
  }
}
