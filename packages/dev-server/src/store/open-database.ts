import { createRequire } from "node:module";

type Params<P> = P extends unknown[] ? P : [P];

/** A prepared statement: the part of better-sqlite3's and node:sqlite's statements the store uses. */
interface SqliteStatement<P extends unknown[] | object = unknown[], R = unknown> {
  run(...params: Params<P>): { changes: number | bigint; lastInsertRowid: number | bigint };
  get(...params: Params<P>): R | undefined;
  all(...params: Params<P>): R[];
}

/** A synchronous SQLite connection, whichever driver opened it. */
export interface SqliteDatabase {
  prepare<P extends unknown[] | object = unknown[], R = unknown>(sql: string): SqliteStatement<P, R>;
  exec(sql: string): void;
  /** Runs `PRAGMA <source>`. */
  pragma(source: string): void;
  /** Wraps `work` so each call runs in one transaction (nested calls use savepoints), as better-sqlite3 does. */
  transaction<A extends unknown[], T>(work: (...args: A) => T): (...args: A) => T;
  close(): void;
}

/** The two ways the dev server can reach SQLite; injectable so the choice can be tested on any Node. */
export interface SqliteDrivers {
  /** `node:sqlite` when this Node has it unflagged (22.13+, 23.4+), else undefined. */
  builtin(): NodeSqlite | undefined;
  /** The `better-sqlite3` package when it is installed, else undefined. */
  package(): BetterSqlite3 | undefined;
}

interface NodeSqliteStatement {
  run(...params: unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  setAllowUnknownNamedParameters?(enabled: boolean): void;
}
interface NodeSqlite {
  DatabaseSync: new (
    file: string,
    options?: { timeout?: number },
  ) => {
    prepare(sql: string): NodeSqliteStatement;
    exec(sql: string): void;
    close(): void;
  };
}
type BetterSqlite3 = new (file: string, options?: { timeout?: number }) => SqliteDatabase;

const defaultDrivers: SqliteDrivers = {
  // getBuiltinModule answers undefined where node:sqlite is missing or still behind a flag (Node 20, 22.5-22.12).
  builtin: () => process.getBuiltinModule?.("node:sqlite") as NodeSqlite | undefined,
  package: () => {
    // Resolved from this file, not the caller's folder: better-sqlite3 is this package's (optional) peer.
    const require = createRequire(import.meta.url);
    try {
      return require("better-sqlite3") as BetterSqlite3;
    } catch (error) {
      if ((error as { code?: string }).code === "MODULE_NOT_FOUND") return undefined;
      throw error;
    }
  },
};

/**
 * Which driver `openDatabase` uses here, for another thread to open the same one: "node:sqlite", or the
 * path of the better-sqlite3 package (undefined when there is neither).
 */
export function sqliteDriverName(drivers: SqliteDrivers = defaultDrivers): string | undefined {
  if (drivers.builtin()) return "node:sqlite";
  if (!drivers.package()) return undefined;
  return createRequire(import.meta.url).resolve("better-sqlite3");
}

/**
 * Opens `file` (a path or ":memory:") with Node's built-in `node:sqlite` where this Node has it, so installing
 * the dev server compiles nothing; on older Nodes (20) with the `better-sqlite3` package, which the user installs.
 */
export function openDatabase(
  file: string,
  drivers: SqliteDrivers = defaultDrivers,
  options: { busyTimeoutMs?: number } = {},
): SqliteDatabase {
  // How long a statement waits for another connection's lock before it fails as busy.
  const timeout = options.busyTimeoutMs ?? 5000;
  const builtin = drivers.builtin();
  if (builtin) return wrapNodeSqlite(new builtin.DatabaseSync(file, { timeout }));
  const BetterSqlite = drivers.package();
  if (BetterSqlite) return new BetterSqlite(file, { timeout });
  throw new Error(
    `@leap-workflows/dev-server needs SQLite: Node ${process.version} has no node:sqlite (Node 22.13+ has it), ` +
      "and the better-sqlite3 package is not installed. Run `npm install --save-dev better-sqlite3` " +
      "(or use Node 22.13 or later).",
  );
}

function wrapNodeSqlite(db: InstanceType<NodeSqlite["DatabaseSync"]>): SqliteDatabase {
  let depth = 0;
  return {
    prepare<P extends unknown[] | object, R>(sql: string): SqliteStatement<P, R> {
      const statement = db.prepare(sql);
      // better-sqlite3 ignores extra keys in a named-parameter object; node:sqlite throws unless told not to.
      statement.setAllowUnknownNamedParameters?.(true);
      return statement as unknown as SqliteStatement<P, R>;
    },
    exec: (sql) => db.exec(sql),
    pragma: (source) => db.exec(`PRAGMA ${source}`),
    transaction:
      (work) =>
      (...args) => {
        const savepoint = `leap_${depth}`;
        db.exec(depth === 0 ? "BEGIN" : `SAVEPOINT ${savepoint}`);
        depth += 1;
        try {
          const result = work(...args);
          depth -= 1;
          db.exec(depth === 0 ? "COMMIT" : `RELEASE ${savepoint}`);
          return result;
        } catch (error) {
          depth -= 1;
          db.exec(depth === 0 ? "ROLLBACK" : `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
          throw error;
        }
      },
    close: () => db.close(),
  };
}
