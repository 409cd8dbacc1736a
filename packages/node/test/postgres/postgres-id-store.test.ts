import {
  findPostgresBinDir,
  type PostgresServer,
  startPostgresServer,
} from "@leap-workflows/test-kit/postgres-server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ConfigurationError, postgresIdStore, postgresIdStoreSchema } from "../../src/index";
import { testIdStoreContract } from "../shared/id-store-contract";
import { CLIENT_LIBRARIES, type ConnectedClient, connectClient } from "./postgres-clients";

let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgresServer();
}, 120_000);
afterAll(() => server?.stop());

/** Polls (bounded, no timing assertion) until `check` holds. */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("the condition never held");
}

/** Resolves every caller's promise once `count` callers are waiting. */
function barrier(count: number): () => Promise<void> {
  const waiting: (() => void)[] = [];
  return () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      if (waiting.length === count) for (const release of waiting) release();
    });
}

describe.each(CLIENT_LIBRARIES)("postgresIdStore with %s against a real PostgreSQL server", (library) => {
  let connected: ConnectedClient;
  let other: ConnectedClient;
  beforeAll(() => {
    connected = connectClient(library, server.url);
    other = connectClient(library, server.url);
  });
  afterAll(async () => {
    await connected?.close();
    await other?.close();
  });
  const id = (name: string) => `${library}-${name}`;
  /** Milliseconds the entry of `webhookId` still lives, by the database's clock. */
  const lifetime = async (webhookId: string, table = "leap_webhook_ids") => {
    const [row] = await connected.rows(
      `SELECT token, (extract(epoch FROM expires_at - statement_timestamp()) * 1000)::float8 AS ms FROM "${table}" WHERE id = $1`,
      [webhookId],
    );
    return { token: row?.token, ms: Number(row?.ms) };
  };

  test("claim wins once; copies are in progress, then duplicates once completed, for the dedupe TTL", async () => {
    const store = postgresIdStore({ client: connected.client });
    expect(await store.claim(id("a"), { token: "t1", ttlSeconds: 60 })).toBe("claimed");
    expect(await store.claim(id("a"), { token: "t2", ttlSeconds: 60 })).toBe("in-progress");
    const claim = await lifetime(id("a"));
    expect(claim.token).toBe("t1"); // the loser changed nothing
    expect(claim.ms).toBeGreaterThan(0);
    expect(claim.ms).toBeLessThanOrEqual(60_000);
    await store.complete(id("a"), { token: "t1", ttlSeconds: 3600 });
    expect(await store.claim(id("a"), { token: "t3", ttlSeconds: 60 })).toBe("duplicate");
    const done = await lifetime(id("a"));
    expect(done.token).toBeNull();
    expect(done.ms).toBeGreaterThan(60_000);
    expect(done.ms).toBeLessThanOrEqual(3_600_000);
  });

  testIdStoreContract({
    store: "PostgreSQL",
    connections: "pools",
    stores: () => [postgresIdStore({ client: connected.client }), postgresIdStore({ client: other.client })],
    expectClaimedBy: async (webhookId, token) => expect((await lifetime(webhookId)).token).toBe(token),
    id,
  });

  test("eight instances creating a missing table at the same moment all succeed, on one table", async () => {
    const schema = `Leap_${library.replace(".", "_")}`;
    await connected.rows(`CREATE SCHEMA "${schema}"`);
    const pools = Array.from({ length: 8 }, () => connectClient(library, server.url));
    // CREATE statements that lost the race. Whether PostgreSQL refuses one (rather than letting IF NOT EXISTS
    // see the winner's table) depends on timing, so rounds repeat until one does; every round must succeed.
    let refused = 0;
    try {
      for (let round = 0; round < 20 && refused === 0; round++) {
        const table = `${schema}.Webhook_Ids_${round}`; // schema-qualified and cased: quoted as written
        const arrive = barrier(pools.length);
        const stores = pools.map((pool) =>
          postgresIdStore({
            // Sends each CREATE only once every instance has reached it, so that they meet in the server.
            client: {
              query: async (text: string, values: unknown[]) => {
                if (!text.startsWith("CREATE TABLE")) return pool.rows(text, values);
                await arrive();
                return pool.rows(text, values).catch((error: unknown) => {
                  refused++;
                  throw error;
                });
              },
            },
            table,
          }),
        );
        const results = await Promise.all(
          stores.map((store, index) => store.claim(id("g"), { token: `t${index}`, ttlSeconds: 60 })),
        );
        expect(results.filter((result) => result === "claimed")).toHaveLength(1);
        expect(await connected.rows(`SELECT id FROM "${schema}"."Webhook_Ids_${round}"`)).toEqual([
          { id: id("g") },
        ]);
      }
      if (refused === 0)
        console.warn("no CREATE lost the race in 20 rounds: the refusal path was not exercised");
    } finally {
      await Promise.all(pools.map((pool) => pool.close()));
    }
  });

  test("a client whose query resolves with the rows themselves (as Neon's sql.query does) works too", async () => {
    const store = postgresIdStore({ client: { query: (text, values) => connected.rows(text, values) } });
    expect(await store.claim(id("i"), { token: "t1", ttlSeconds: 60 })).toBe("claimed");
    expect(await store.claim(id("i"), { token: "t2", ttlSeconds: 60 })).toBe("in-progress");
    await store.complete(id("i"), { token: "t1", ttlSeconds: 60 });
    expect(await store.claim(id("i"), { token: "t3", ttlSeconds: 60 })).toBe("duplicate");
  });

  test("createTable: false uses the table made by postgresIdStoreSchema(), and never creates one", async () => {
    const table = `made_${library.replace(".", "_")}`;
    const store = postgresIdStore({ client: connected.client, table, createTable: false });
    await expect(store.claim(id("h"), { token: "t1", ttlSeconds: 60 })).rejects.toMatchObject({
      code: "42P01", // undefined_table
    });
    await connected.rows(postgresIdStoreSchema(table));
    expect(await store.claim(id("h"), { token: "t1", ttlSeconds: 60 })).toBe("claimed");
  });

  test("the first complete sweeps expired entries; live ones stay", async () => {
    const table = `swept_${library.replace(".", "_")}`;
    await connected.rows(postgresIdStoreSchema(table));
    await connected.rows(
      `INSERT INTO "${table}" (id, token, expires_at) SELECT 'old-' || n, NULL, now() - interval '1 second' FROM generate_series(1, 50) n`,
    );
    const store = postgresIdStore({ client: connected.client, table });
    expect(await store.claim("live-claim", { token: "t1", ttlSeconds: 60 })).toBe("claimed");
    expect(await store.claim("fresh", { token: "t2", ttlSeconds: 60 })).toBe("claimed");
    await store.complete("fresh", { token: "t2", ttlSeconds: 60 });
    await eventually(async () => {
      const [row] = await connected.rows(`SELECT count(*)::int AS n FROM "${table}" WHERE id LIKE 'old-%'`);
      return row?.n === 0;
    });
    const left = await connected.rows(`SELECT id FROM "${table}" ORDER BY id`);
    expect(left).toEqual([{ id: "fresh" }, { id: "live-claim" }]);
  });
});

describe("bad options get a ConfigurationError naming the option", () => {
  test.each([
    [{ client: {} }, /client must be a node-postgres Pool or Client .* postgres\.js sql/],
    [{ client: undefined }, /client must be/],
    [{ client: { query: async () => ({ rows: [] }) }, table: "ids; DROP TABLE users" }, /table must be/],
    [{ client: { query: async () => ({ rows: [] }) }, table: "a.b.c" }, /table must be/],
    [{ client: { query: async () => ({ rows: [] }) }, table: "" }, /table must be/],
    [{ client: { query: async () => ({ rows: [] }) }, table: "x".repeat(64) }, /at most 63/],
    [
      { client: { query: async () => ({ rows: [] }) }, createTable: "yes" },
      /createTable must be true or false/,
    ],
  ])("%o", (options, message) => {
    expect(() => postgresIdStore(options as never)).toThrow(ConfigurationError);
    expect(() => postgresIdStore(options as never)).toThrow(message);
  });

  test("postgresIdStoreSchema checks its table name too", () => {
    expect(() => postgresIdStoreSchema('x"; DROP TABLE y; --')).toThrow(ConfigurationError);
    expect(postgresIdStoreSchema("leap.ids")).toBe(
      'CREATE TABLE IF NOT EXISTS "leap"."ids" (id text PRIMARY KEY, token text, expires_at timestamptz NOT NULL)',
    );
  });
});

test("where PostgreSQL is missing, the PostgreSQL tests fail saying how to install it (never skip)", () => {
  const path = process.env.PATH;
  process.env.PATH = "/nonexistent";
  try {
    expect(() => findPostgresBinDir("/nonexistent/postgresql")).toThrow(/apt-get install postgresql/);
  } finally {
    process.env.PATH = path;
  }
});
