import { ConfigurationError, type WebhookIdStore } from "@leap-workflows/core";
import type { WebhookClaim } from "@leap-workflows/core/internal";

/**
 * A node-postgres `Pool` or connected `Client` (v8), or anything with its `query(text, values)`: the Neon
 * and Vercel Postgres pools and PGlite have it too. Rows come back as `{ rows }` (or as the array itself).
 */
export interface PgClientLike {
  /** Runs one parameterised statement: `query("SELECT $1::text AS id", ["a"])`. */
  query(text: string, values: unknown[]): Promise<unknown>;
}

/** A postgres.js `sql` (v3): statements with `$1` parameters go through `sql.unsafe(text, values)`. */
export interface PostgresJsSqlLike {
  /** Runs one parameterised statement; resolves with the rows. (`never[]`: postgres.js types its values.) */
  unsafe(text: string, values: never[]): PromiseLike<unknown>;
}

/** Options of `postgresIdStore`. */
export interface PostgresIdStoreOptions {
  /** Your client: a node-postgres `Pool` (`new pg.Pool()`) or a postgres.js `sql` (`postgres(url)`). */
  client: PgClientLike | PostgresJsSqlLike;
  /**
   * The table holding the ids, optionally schema-qualified (`"leap.webhook_ids"`); created on first use
   * unless `createTable` is `false`. Letters, digits and `_` only; quoted, so case is kept.
   * @default "leap_webhook_ids"
   */
  table?: string | undefined;
  /**
   * Create the table on first use (`CREATE TABLE IF NOT EXISTS`, only when it is missing). Pass `false` when
   * the app's role may not create tables, after creating it once with `postgresIdStoreSchema()`.
   * @default true
   */
  createTable?: boolean | undefined;
}

type Row = Record<string, unknown>;
type Query = (text: string, values: unknown[]) => Promise<Row[]>;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** The table's name, each part double-quoted (so a reserved word or capital letters work as written). */
function quotedTable(table: unknown): string {
  const parts = typeof table === "string" ? table.split(".") : [];
  if (parts.length === 0 || parts.length > 2 || !parts.every((part) => IDENTIFIER.test(part))) {
    throw new ConfigurationError(
      `postgresIdStore: table must be a table name, optionally schema-qualified ("leap_webhook_ids" or ` +
        `"leap.webhook_ids"; letters, digits and _, at most 63 each), received ${JSON.stringify(table)}`,
    );
  }
  return parts.map((part) => `"${part}"`).join(".");
}

/** One way to run a statement, whichever library the client is from (told by its shape, as users pass it). */
function querier(client: unknown): Query {
  // postgres.js's `sql` is a function (a tagged template) carrying `unsafe`; it has no `query`.
  const sql = client as Partial<PostgresJsSqlLike> | undefined;
  if (typeof sql?.unsafe === "function") {
    const unsafe = sql.unsafe.bind(sql);
    return async (text, values) => Array.from((await unsafe(text, values as never[])) as Iterable<Row>);
  }
  const pg = client as Partial<PgClientLike> | undefined;
  if (typeof pg?.query === "function") {
    const query = pg.query.bind(pg);
    return async (text, values) => {
      const result = (await query(text, values)) as Row[] | { rows: Row[] };
      return Array.isArray(result) ? result : result.rows;
    };
  }
  throw new ConfigurationError(
    "postgresIdStore: client must be a node-postgres Pool or Client (with query) or a postgres.js sql " +
      "(with unsafe)",
  );
}

/**
 * The statement that creates the store's table, for setups where the app's role may not create tables
 * (run it once, then pass `createTable: false`). `id` is the `webhook-id`; `token` names the attempt holding
 * the claim, `NULL` once processed; `expires_at` ends the claim or the memory of the processed id.
 */
export function postgresIdStoreSchema(table = "leap_webhook_ids"): string {
  return createTableSql(quotedTable(table));
}

const createTableSql = (table: string) =>
  `CREATE TABLE IF NOT EXISTS ${table} (id text PRIMARY KEY, token text, expires_at timestamptz NOT NULL)`;

const milliseconds = (ttlSeconds: number) => Math.max(1, Math.ceil(ttlSeconds * 1000));
// Expired rows nobody claims again are deleted in batches, at most this often per store.
const SWEEP_INTERVAL_MS = 60_000;
const SWEEP_BATCH = 1000;

/**
 * A `WebhookIdStore` on PostgreSQL, shared by every instance of your receiver, each step one statement:
 * `claim` inserts the id, or takes it over only when its entry has expired, and reads back who holds it;
 * `complete` marks it processed for the dedupe TTL; `release` deletes it only while this attempt's claim
 * holds it. Expiry follows the database's clock, the one every instance shares. Expired rows are swept in
 * the background, at most once a minute per store.
 *
 * ```ts
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL }); // or postgres(url) (postgres.js)
 * app.post("/hooks/leap", webhookHandler(secret, onRun, { dedupe: postgresIdStore({ client: pool }) }));
 * ```
 */
export function postgresIdStore(options: PostgresIdStoreOptions): WebhookIdStore {
  const query = querier(options.client);
  const table = quotedTable(options.table ?? "leap_webhook_ids");
  const createTable = options.createTable ?? true;
  if (typeof createTable !== "boolean") {
    throw new ConfigurationError(
      `postgresIdStore: createTable must be true or false, received ${JSON.stringify(createTable)}`,
    );
  }
  const expiresAt = "statement_timestamp() + $2::bigint * interval '1 millisecond'";
  // A live entry is kept as it is (its own values written back, so that RETURNING says who holds it); an
  // expired one, or none, becomes this attempt's claim. The row lock of ON CONFLICT makes it one winner.
  const claimSql = `INSERT INTO ${table} AS entry (id, token, expires_at) VALUES ($1, $3, ${expiresAt})
    ON CONFLICT (id) DO UPDATE SET
      token = CASE WHEN entry.expires_at <= statement_timestamp() THEN excluded.token ELSE entry.token END,
      expires_at = CASE WHEN entry.expires_at <= statement_timestamp() THEN excluded.expires_at ELSE entry.expires_at END
    RETURNING token`;
  const completeSql = `INSERT INTO ${table} (id, token, expires_at) VALUES ($1, NULL, ${expiresAt})
    ON CONFLICT (id) DO UPDATE SET token = NULL, expires_at = excluded.expires_at`;
  const releaseSql = `DELETE FROM ${table} WHERE id = $1 AND token = $2`;
  // The outer expiry test is checked again on the row as locked, so a row claimed anew meanwhile stays.
  const sweepSql = `DELETE FROM ${table} WHERE expires_at < statement_timestamp() AND id IN (
    SELECT id FROM ${table} WHERE expires_at < statement_timestamp() LIMIT ${SWEEP_BATCH} FOR UPDATE SKIP LOCKED)`;

  let ready: Promise<void> | undefined;
  const ensureTable = () => {
    ready ??= createIfMissing(query, table).catch((error: unknown) => {
      ready = undefined; // the next delivery tries again
      throw error;
    });
    return ready;
  };
  let nextSweep = 0; // the first completion sweeps: a process restarted often still does
  const sweepNowAndThen = () => {
    if (performance.now() < nextSweep) return;
    nextSweep = performance.now() + SWEEP_INTERVAL_MS;
    // Best effort, off the delivery's path: rows left now are deleted by a later sweep.
    query(sweepSql, []).catch(() => {});
  };

  return {
    async claim(id, { token, ttlSeconds }): Promise<WebhookClaim> {
      if (createTable) await ensureTable();
      const [row] = await query(claimSql, [id, milliseconds(ttlSeconds), token]);
      if (row?.token === token) return "claimed";
      return row?.token === null ? "duplicate" : "in-progress";
    },
    async complete(id, { ttlSeconds }) {
      await query(completeSql, [id, milliseconds(ttlSeconds)]);
      sweepNowAndThen();
    },
    async release(id, { token }) {
      await query(releaseSql, [id, token]);
    },
  };
}

/** Creates the table unless it exists (looked up first, so a role without CREATE rights works once it does). */
async function createIfMissing(query: Query, table: string): Promise<void> {
  const [found] = await query("SELECT to_regclass($1) IS NOT NULL AS present", [table]);
  if (found?.present === true) return;
  try {
    await query(createTableSql(table), []);
  } catch (error) {
    // Instances creating it at once: IF NOT EXISTS can still fail on a catalog's unique index (23505), on the
    // primary key's name (42710) or as a duplicate table (42P07); either way the table is there.
    const code = (error as { code?: unknown } | null)?.code;
    if (code !== "23505" && code !== "42710" && code !== "42P07") throw error;
  }
}
