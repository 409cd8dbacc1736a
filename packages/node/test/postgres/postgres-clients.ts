import pg from "pg";
import postgres from "postgres";
import type { PgClientLike, PostgresJsSqlLike } from "../../src/index";

/** A connected client of one library, as a user would hand it to `postgresIdStore`. */
export interface ConnectedClient {
  client: PgClientLike | PostgresJsSqlLike;
  /** Runs any statement, for tests that look at the rows. */
  rows(text: string, values?: unknown[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export type ClientLibrary = "pg" | "postgres.js";
export const CLIENT_LIBRARIES: ClientLibrary[] = ["pg", "postgres.js"];

/** Connects a node-postgres Pool or a postgres.js sql to `url`, as the README shows. */
export function connectClient(library: ClientLibrary, url: string): ConnectedClient {
  if (library === "pg") {
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    // A pool's idle connections report a lost server here; unheard, Node would end the process.
    pool.on("error", () => {});
    return {
      client: pool,
      rows: async (text, values = []) => (await pool.query(text, values)).rows,
      close: () => pool.end(),
    };
  }
  const sql = postgres(url, { max: 4, onnotice: () => {} });
  return {
    client: sql,
    rows: async (text, values = []) => [...(await sql.unsafe(text, values as never[]))],
    close: () => sql.end({ timeout: 1 }),
  };
}
