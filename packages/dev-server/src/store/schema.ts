import { bulkRunColumns, runColumns } from "./columns";
import { DataFolderLayoutError } from "./data-folder-errors";
import type { SqliteDatabase } from "./open-database";

/**
 * The data layout this dev server reads and writes, kept in the database's `user_version`. A data folder is
 * disposable, so there are no migrations: any change to the tables below (a column added to the run in the
 * contract included) takes the next number, and a folder of another layout is refused with what to do.
 * Layout 1 is the unnumbered one (`user_version` 0) that came before.
 */
export const DATA_LAYOUT = 2;

/** The WAL size, in pages, at which a commit checkpoints (see `prepareDatabase`). */
const WAL_CHECKPOINT_PAGES = 10_000;

// The run and the bulk run have a column per contract field (see columns.ts), then what only the server keeps.
const SCHEMA = `
CREATE TABLE runs (
  ${runColumns.definitions},
  webhook_url TEXT,
  bulk_run_id TEXT,
  idempotency_key TEXT,
  request_fingerprint TEXT
);
-- Partial indexes: most runs have neither a bulk run nor a key, and every index page an insert touches is
-- written to the WAL on commit. In-progress runs are only looked up at start, where a scan is fine.
CREATE INDEX runs_by_bulk ON runs (bulk_run_id) WHERE bulk_run_id IS NOT NULL;
CREATE UNIQUE INDEX runs_by_key ON runs (idempotency_key) WHERE idempotency_key IS NOT NULL;
-- rows_stored is set with the last of a bulk run's rows: a bulk run without it reads its CSV again on start.
-- Its output CSV is not kept here: it is read from its runs, page by page, when it is downloaded.
CREATE TABLE bulk_runs (
  ${bulkRunColumns.definitions},
  webhook_url TEXT,
  idempotency_key TEXT,
  request_fingerprint TEXT,
  rows_stored INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX bulk_runs_by_key ON bulk_runs (idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE TABLE deliveries (
  id TEXT PRIMARY KEY,
  subject_id TEXT NOT NULL,
  url TEXT NOT NULL,
  body TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL
);
CREATE INDEX deliveries_by_subject ON deliveries (subject_id);
CREATE TABLE delivery_attempts (
  delivery_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  at TEXT NOT NULL,
  status_code INTEGER,
  error TEXT,
  duration_ms INTEGER NOT NULL,
  PRIMARY KEY (delivery_id, attempt)
);
`;

/**
 * Checks the data layout of `db` (throwing `DataFolderLayoutError` for another one), creates the tables of a
 * new database, and tunes SQLite for a single writer that must survive SIGKILL. `folder` names the data
 * folder in errors.
 */
export function prepareDatabase(db: SqliteDatabase, folder: string): void {
  const layout = dataLayout(db);
  if (layout !== undefined && layout !== DATA_LAYOUT)
    throw new DataFolderLayoutError(folder, layout, DATA_LAYOUT);
  // WAL with synchronous=NORMAL: a COMMIT appends to the WAL file with write(2) but does not fsync, so a
  // committed transaction survives a killed process (SIGKILL, crash) though not a power cut or kernel crash.
  // That is the durability a local dev server needs, at a fraction of the cost of an fsync per commit.
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = NORMAL");
  // A checkpoint (copying the WAL back into the database file) fsyncs both files and rewrites every page the
  // WAL touched since the last one. Runs have random ids and Idempotency-Keys, so each commit touches index
  // pages all over the file: checkpointing every 10,000 pages (a WAL of up to ~40 MB) instead of SQLite's
  // 1,000 writes each page back fewer times and fsyncs a tenth as often. Durability is unchanged: a commit is
  // in the WAL file either way, and the WAL is replayed on the next open.
  db.exec(`PRAGMA wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
  if (layout === undefined) {
    // The layout is written with the tables, so a database is either new (empty) or fully numbered.
    db.exec(`BEGIN; ${SCHEMA}; PRAGMA user_version = ${DATA_LAYOUT}; COMMIT`);
  }
}

/** The layout of the tables in `db`, or undefined when it has none yet. */
function dataLayout(db: SqliteDatabase): number | undefined {
  const tables = db.prepare<[], { count: number }>("SELECT count(*) AS count FROM sqlite_master").get();
  if (!tables?.count) return undefined;
  const version = db.prepare<[], { user_version: number }>("PRAGMA user_version").get()?.user_version ?? 0;
  return version === 0 ? 1 : version;
}
