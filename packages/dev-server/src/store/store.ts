import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { BulkRun, WorkflowRun } from "@leap-workflows/core";
import { Checkpointer } from "./checkpointer";
import { bulkRunColumns, runColumns } from "./columns";
import { type FolderLock, lockDataFolder } from "./folder-lock";
import { openDatabase, type SqliteDatabase, sqliteDriverName } from "./open-database";
import { prepareDatabase } from "./schema";

/** The database file in a data folder. */
export const DATABASE_FILE = "leap-dev.sqlite";

/** A row of `runs`: the run's columns (see columns.ts), then what only the server keeps. */
type RunRow = Record<string, unknown> & {
  webhook_url: string | null;
  bulk_run_id: string | null;
  idempotency_key: string | null;
  request_fingerprint: string | null;
};

/** A row of `bulk_runs`: the bulk run's stored columns (see columns.ts), then what only the server keeps. */
type BulkRow = Record<string, unknown> & {
  webhook_url: string | null;
  idempotency_key: string | null;
  request_fingerprint: string | null;
  rows_stored: number;
};

/** A delivery still to be made. */
export interface PendingDelivery {
  id: string;
  subject_id: string;
  url: string;
  body: string;
  attempts: number;
  next_attempt_at: number;
}

/** One line of a bulk run's output CSV, read page by page. */
export interface BulkOutputRow {
  row_id: number;
  id: string;
  status: string;
  output: string | null;
  error: string | null;
}

/** One recorded delivery attempt, as `GET /v1/runs/{id}/deliveries` lists it. */
export interface DeliveryAttempt {
  webhook_id: string;
  attempt: number;
  at: string;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

/** What the server keeps about a run beyond the public object. */
export interface StoredRun {
  run: WorkflowRun;
  webhookUrl: string | null;
  bulkRunId: string | null;
  idempotencyKey: string | null;
  fingerprint: string | null;
}

const toRun = (row: RunRow): WorkflowRun => runColumns.read(row);

const toStored = (row: RunRow): StoredRun => ({
  run: toRun(row),
  webhookUrl: row.webhook_url,
  bulkRunId: row.bulk_run_id,
  idempotencyKey: row.idempotency_key,
  fingerprint: row.request_fingerprint,
});

/** The durable state of the dev server: runs, bulk runs, idempotency keys and webhook deliveries, in SQLite. */
export class Store {
  readonly #db: SqliteDatabase;
  readonly #lock: FolderLock | undefined;
  readonly #checkpointer: Checkpointer | undefined;
  readonly #statements;
  #inTransaction = false;

  /**
   * Opens the store in `data`, a folder (created if missing) for `leap-dev.sqlite`, or ":memory:". A folder
   * is held until `close()`: another server on it is refused (`DataFolderInUseError`), and so is a folder of
   * another data layout (`DataFolderLayoutError`).
   */
  static async open(data: string): Promise<Store> {
    if (data === ":memory:") {
      const db = openDatabase(":memory:");
      prepareDatabase(db, data);
      return new Store(db);
    }
    mkdirSync(data, { recursive: true });
    const lock = await lockDataFolder(data);
    let db: SqliteDatabase | undefined;
    try {
      const file = join(data, DATABASE_FILE);
      db = openDatabase(file);
      prepareDatabase(db, data);
      const driver = sqliteDriverName();
      return new Store(db, lock, driver === undefined ? undefined : new Checkpointer(file, driver));
    } catch (error) {
      db?.close();
      lock.release();
      throw error;
    }
  }

  private constructor(db: SqliteDatabase, lock?: FolderLock, checkpointer?: Checkpointer) {
    this.#db = db;
    this.#lock = lock;
    this.#checkpointer = checkpointer;
    this.#statements = {
      insertRun: db.prepare(
        `INSERT INTO runs (${runColumns.names.join(", ")}, webhook_url, bulk_run_id, idempotency_key, request_fingerprint)
         VALUES (${runColumns.names.map(() => "?").join(", ")}, ?, ?, ?, ?)`,
      ),
      // Prepared once: exec() would parse them again for each of the thousands of commits a second.
      begin: db.prepare("BEGIN"),
      commit: db.prepare("COMMIT"),
      rollback: db.prepare("ROLLBACK"),
      runById: db.prepare<[string], RunRow>("SELECT * FROM runs WHERE id = ?"),
      runByKey: db.prepare<[string], RunRow>("SELECT * FROM runs WHERE idempotency_key = ?"),
      runsByBulk: db.prepare<[string], RunRow>("SELECT * FROM runs WHERE bulk_run_id = ? ORDER BY rowid"),
      runningRuns: db.prepare<[], RunRow>("SELECT * FROM runs WHERE status = 'running'"),
      // In rowid order: queued runs resume in the order they were created. Bulk rows are paged separately.
      queuedSingleRuns: db.prepare<[], RunRow>(
        "SELECT * FROM runs WHERE status = 'queued' AND bulk_run_id IS NULL ORDER BY rowid",
      ),
      deleteRunsOfBulk: db.prepare("DELETE FROM runs WHERE bulk_run_id = ?"),
      deleteSomeRunsOfBulk: db.prepare(
        "DELETE FROM runs WHERE rowid IN (SELECT rowid FROM runs WHERE bulk_run_id = ? LIMIT ?)",
      ),
      bulkOutputPage: db.prepare<[string, number, number], BulkOutputRow>(
        "SELECT rowid AS row_id, id, status, output, error FROM runs WHERE bulk_run_id = ? AND rowid > ? ORDER BY rowid LIMIT ?",
      ),
      queuedOfBulk: db.prepare<[string, number, number], RunRow & { row_id: number }>(
        "SELECT rowid AS row_id, * FROM runs WHERE bulk_run_id = ? AND rowid > ? AND status = 'queued' ORDER BY rowid LIMIT ?",
      ),
      requeueRun: db.prepare("UPDATE runs SET status = 'queued', started_at = NULL WHERE id = ?"),
      unfinishedOfBulk: db.prepare<[string], { count: number }>(
        "SELECT count(*) AS count FROM runs WHERE bulk_run_id = ? AND status IN ('queued', 'running')",
      ),
      failUnfinishedOfBulk: db.prepare(
        "UPDATE runs SET status = 'failed', ended_at = ?, error = ? WHERE bulk_run_id = ? AND status IN ('queued', 'running')",
      ),
      allRuns: db.prepare<[], RunRow>("SELECT * FROM runs ORDER BY rowid"),
      startRun: db.prepare("UPDATE runs SET status = 'running', started_at = ? WHERE id = ?"),
      // started_at is set here too when the start was never written (a run that started and finished in one batch).
      finishRun: db.prepare(
        "UPDATE runs SET status = ?, started_at = COALESCE(started_at, ?), ended_at = ?, error = ?, output = ? WHERE id = ?",
      ),
      insertBulk: db.prepare(
        `INSERT INTO bulk_runs (${bulkRunColumns.names.join(", ")}, webhook_url, idempotency_key, request_fingerprint)
         VALUES (${bulkRunColumns.names.map(() => "?").join(", ")}, ?, ?, ?)`,
      ),
      bulkById: db.prepare<[string], BulkRow>("SELECT * FROM bulk_runs WHERE id = ?"),
      bulkByKey: db.prepare<[string], BulkRow>("SELECT * FROM bulk_runs WHERE idempotency_key = ?"),
      allBulks: db.prepare<[], BulkRow>("SELECT * FROM bulk_runs ORDER BY rowid"),
      bulksInProgress: db.prepare<[], { id: string }>(
        "SELECT id FROM bulk_runs WHERE status IN ('queued', 'running')",
      ),
      setBulkRows: db.prepare("UPDATE bulk_runs SET row_count = ?, rows_stored = 1 WHERE id = ?"),
      finishBulk: db.prepare("UPDATE bulk_runs SET status = ?, error = ? WHERE id = ?"),
      insertDelivery: db.prepare(
        "INSERT INTO deliveries (id, subject_id, url, body, state, attempts, next_attempt_at) VALUES (?, ?, ?, ?, 'pending', 0, ?)",
      ),
      pendingDeliveries: db.prepare<[], PendingDelivery>(
        "SELECT id, subject_id, url, body, attempts, next_attempt_at FROM deliveries WHERE state = 'pending' ORDER BY next_attempt_at",
      ),
      recordAttempt: db.prepare(
        "INSERT INTO delivery_attempts (delivery_id, attempt, at, status_code, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)",
      ),
      updateDelivery: db.prepare(
        "UPDATE deliveries SET state = ?, attempts = ?, next_attempt_at = ? WHERE id = ?",
      ),
      attemptsOf: db.prepare<[string], DeliveryAttempt>(
        `SELECT a.delivery_id AS webhook_id, a.attempt, a.at, a.status_code, a.error, a.duration_ms
         FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id WHERE d.subject_id = ? ORDER BY a.at, a.attempt`,
      ),
    };
  }

  insertRun(stored: StoredRun): void {
    // Positional parameters: binding by name looks every key of an object up, on the hottest write there is.
    this.#statements.insertRun.run(
      ...runColumns.values(stored.run),
      stored.webhookUrl,
      stored.bulkRunId,
      stored.idempotencyKey,
      stored.fingerprint,
    );
  }

  run(id: string): WorkflowRun | undefined {
    const row = this.#statements.runById.get(id);
    return row && toRun(row);
  }

  storedRun(id: string): StoredRun | undefined {
    const row = this.#statements.runById.get(id);
    return row && toStored(row);
  }

  runByIdempotencyKey(key: string): StoredRun | undefined {
    const row = this.#statements.runByKey.get(key);
    return row && toStored(row);
  }

  runsOfBulk(bulkRunId: string): WorkflowRun[] {
    return this.#statements.runsByBulk.all(bulkRunId).map(toRun);
  }

  /** Runs stored as `running` (after a crash: the ones that were interrupted). */
  runningRuns(): StoredRun[] {
    return this.#statements.runningRuns.all().map(toStored);
  }

  /** Queued runs that belong to no bulk run, oldest first. */
  queuedSingleRuns(): StoredRun[] {
    return this.#statements.queuedSingleRuns.all().map(toStored);
  }

  /** Deletes the runs of a bulk run whose rows were not all stored (they never ran; it is read again). */
  deleteRunsOfBulk(bulkRunId: string): void {
    this.#statements.deleteRunsOfBulk.run(bulkRunId);
  }

  /** Deletes up to `limit` runs of a bulk run (as `deleteRunsOfBulk`, a batch at a time); returns how many. */
  deleteSomeRunsOfBulk(bulkRunId: string, limit: number): number {
    return Number(this.#statements.deleteSomeRunsOfBulk.run(bulkRunId, limit).changes);
  }

  allRuns(): StoredRun[] {
    return this.#statements.allRuns.all().map(toStored);
  }

  startRun(id: string, startedAt: string): void {
    this.#statements.startRun.run(startedAt, id);
  }

  /** Puts a run that was stored `running` but never started back to `queued` (a graceful stop). */
  requeueRun(id: string): void {
    this.#statements.requeueRun.run(id);
  }

  finishRun(
    id: string,
    result: { status: string; endedAt: string; error: string | null; output: unknown; startedAt?: string },
  ): void {
    const output =
      result.output === undefined || result.output === null ? null : JSON.stringify(result.output);
    this.#statements.finishRun.run(
      result.status,
      result.startedAt ?? result.endedAt,
      result.endedAt,
      result.error,
      output,
      id,
    );
  }

  /** Up to `limit` runs of a bulk run after `afterRowId`, in row order (for the output CSV, page by page). */
  bulkOutputPage(bulkRunId: string, afterRowId: number, limit: number): BulkOutputRow[] {
    return this.#statements.bulkOutputPage.all(bulkRunId, afterRowId, limit);
  }

  /** Up to `limit` queued runs of a bulk run after `afterRowId`, in row order (the runner reads them page by page). */
  queuedRunsOfBulk(bulkRunId: string, afterRowId: number, limit: number): (StoredRun & { rowId: number })[] {
    return this.#statements.queuedOfBulk
      .all(bulkRunId, afterRowId, limit)
      .map((row) => ({ ...toStored(row), rowId: row.row_id }));
  }

  /** How many runs of a bulk run are still queued or running. */
  unfinishedRunsOfBulk(bulkRunId: string): number {
    return this.#statements.unfinishedOfBulk.get(bulkRunId)?.count ?? 0;
  }

  /** Fails every run of a bulk run that has not finished (the bulk run itself was interrupted). */
  failUnfinishedRunsOfBulk(bulkRunId: string, endedAt: string, error: string): void {
    this.#statements.failUnfinishedOfBulk.run(endedAt, error, bulkRunId);
  }

  insertBulkRun(
    bulk: BulkRun,
    extra: { webhookUrl: string | null; idempotencyKey: string | null; fingerprint: string | null },
  ): void {
    this.#statements.insertBulk.run(
      ...bulkRunColumns.values(bulk),
      extra.webhookUrl,
      extra.idempotencyKey,
      extra.fingerprint,
    );
  }

  /** The bulk run as the API shows it; `outputCsvUrl` turns a stored output into its public URL. */
  bulkRun(id: string, outputCsvUrl: (id: string) => string): BulkRun | undefined {
    const row = this.#statements.bulkById.get(id);
    return row && this.#toBulk(row, outputCsvUrl);
  }

  /**
   * What the server keeps about a bulk run beside the public object: its webhook, its status, and whether
   * its rows are all stored (else it reads its CSV again on the next start).
   */
  bulkRunRecord(id: string): { webhookUrl: string | null; status: string; rowsStored: boolean } | undefined {
    const row = this.#statements.bulkById.get(id);
    return (
      row && { webhookUrl: row.webhook_url, status: String(row.status), rowsStored: row.rows_stored === 1 }
    );
  }

  bulkRunByIdempotencyKey(
    key: string,
    outputCsvUrl: (id: string) => string,
  ): { bulk: BulkRun; fingerprint: string | null } | undefined {
    const row = this.#statements.bulkByKey.get(key);
    return row && { bulk: this.#toBulk(row, outputCsvUrl), fingerprint: row.request_fingerprint };
  }

  /** Every bulk run, oldest first, with the Idempotency-Key that created it (as stored: scoped). */
  allBulkRuns(outputCsvUrl: (id: string) => string): { bulk: BulkRun; idempotencyKey: string | null }[] {
    return this.#statements.allBulks
      .all()
      .map((row) => ({ bulk: this.#toBulk(row, outputCsvUrl), idempotencyKey: row.idempotency_key }));
  }

  bulkRunsInProgress(): string[] {
    return this.#statements.bulksInProgress.all().map((row) => row.id);
  }

  setBulkRowCount(id: string, rowCount: number): void {
    this.#statements.setBulkRows.run(rowCount, id);
  }

  finishBulkRun(id: string, result: { status: string; error: string | null }): void {
    this.#statements.finishBulk.run(result.status, result.error, id);
  }

  insertDelivery(delivery: {
    id: string;
    subjectId: string;
    url: string;
    body: string;
    dueAt: number;
  }): void {
    this.#statements.insertDelivery.run(
      delivery.id,
      delivery.subjectId,
      delivery.url,
      delivery.body,
      delivery.dueAt,
    );
  }

  pendingDeliveries(): PendingDelivery[] {
    return this.#statements.pendingDeliveries.all();
  }

  /** Records attempts and each delivery's new state, all in one transaction. */
  recordAttempts(
    attempts: {
      delivery: { id: string; attempt: number };
      result: { at: string; statusCode: number | null; error: string | null; durationMs: number };
      next: { state: "pending" | "delivered" | "failed"; dueAt: number };
    }[],
  ): void {
    this.transaction(() => {
      for (const { delivery, result, next } of attempts) {
        this.#statements.recordAttempt.run(
          delivery.id,
          delivery.attempt,
          result.at,
          result.statusCode,
          result.error,
          result.durationMs,
        );
        this.#statements.updateDelivery.run(next.state, delivery.attempt, next.dueAt, delivery.id);
      }
    });
  }

  deliveryAttempts(subjectId: string): DeliveryAttempt[] {
    return this.#statements.attemptsOf.all(subjectId);
  }

  /**
   * Runs `work` in one transaction (BEGIN/COMMIT, which better-sqlite3 and node:sqlite share); inside
   * another transaction it simply joins it. `work` must be synchronous: the transaction ends when it returns.
   */
  transaction<T>(work: () => T): T {
    if (this.#inTransaction) return work();
    this.#statements.begin.run();
    this.#inTransaction = true;
    try {
      const result = work();
      this.#statements.commit.run();
      return result;
    } catch (error) {
      // A failed COMMIT may already have ended the transaction; the original error is the one to report.
      try {
        this.#statements.rollback.run();
      } catch {}
      throw error;
    } finally {
      this.#inTransaction = false;
    }
  }

  /** Closes the database (the checkpointer's connection first), then lets the data folder go. */
  async close(): Promise<void> {
    await this.#checkpointer?.stop();
    this.#db.close();
    this.#lock?.release();
  }

  #toBulk(row: BulkRow, outputCsvUrl: (id: string) => string): BulkRun {
    const bulk = bulkRunColumns.read(row);
    // A completed bulk run's output is its runs' results, read when the link is followed.
    return { ...bulk, output_csv_url: bulk.status === "completed" ? outputCsvUrl(bulk.id) : null };
  }
}
