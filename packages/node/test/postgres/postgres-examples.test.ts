import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fakeRun } from "@leap-workflows/test-kit/fixture-server";
import { type PostgresServer, startPostgresServer } from "@leap-workflows/test-kit/postgres-server";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { generateWebhookSecret, postgresIdStore, postgresIdStoreSchema } from "../../src/index";
import { createWebhookHeaders } from "../../src/testing";
import { type ConnectedClient, connectClient } from "./postgres-clients";

// The webhooks guide's PostgreSQL example is this file, run against a real PostgreSQL server.
const example = fileURLToPath(new URL("../../examples/next-route-postgres.ts", import.meta.url));
const guide = readFileSync(new URL("../../../../guides/webhooks.md", import.meta.url), "utf8");

let server: PostgresServer;
let database: ConnectedClient;
beforeAll(async () => {
  server = await startPostgresServer();
  database = connectClient("pg", server.url);
}, 120_000);
afterAll(async () => {
  await database?.close();
  // The example's pool logs its idle connections ending with the server.
  const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
  await server?.stop();
  await new Promise((resolve) => setTimeout(resolve, 100)); // the pool hears of it on its next turn
  quiet.mockRestore();
});

describe("webhooks guide: receivers at scale on PostgreSQL", () => {
  test("guides/webhooks.md shows examples/next-route-postgres.ts verbatim", () => {
    expect(guide).toContain(readFileSync(example, "utf8").trim());
  });

  test("Next.js route on a pg Pool: creates its table, runs concurrent copies once, refuses a forgery", async () => {
    const secret = generateWebhookSecret();
    const saved = { ...process.env };
    process.env.DATABASE_URL = server.url;
    process.env.LEAP_WEBHOOK_SECRET = secret;
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      const route = await import("../../examples/next-route-postgres");
      const body = JSON.stringify(fakeRun({ id: "rnp_next_postgres", status: "completed" }));
      const headers = await createWebhookHeaders({ secret, body, id: "msg_next_postgres" });
      const post = async (sent: string) => {
        const response = await route.POST(
          new Request("http://app.test/api/leap", { method: "POST", body: sent, headers }),
        );
        return { status: response.status, body: await response.json() };
      };
      const copies = await Promise.all([post(body), post(body), post(body)]);
      expect(copies.filter((copy) => copy.status === 200 && copy.body.duplicate === undefined)).toHaveLength(
        1,
      );
      for (const copy of copies) expect([200, 409]).toContain(copy.status);
      expect(await post(body)).toEqual({ status: 200, body: { ok: true, duplicate: true } });
      expect(log.mock.calls.filter(([first]) => first === "webhook")).toEqual([
        ["webhook", "rnp_next_postgres", "completed"],
      ]);
      expect((await post(body.replace("rnp_next_postgres", "rnp_evil"))).status).toBe(401);
      expect(await database.rows("SELECT id, token FROM leap_webhook_ids")).toEqual([
        { id: "msg_next_postgres", token: null },
      ]);
    } finally {
      log.mockRestore();
      process.env = saved;
    }
  }, 60_000);

  test("the guide's CREATE TABLE is postgresIdStoreSchema(); a store with createTable: false uses its table", async () => {
    const statement = guide.match(/```sql\n(CREATE TABLE[^\n]*)\n```/)?.[1];
    expect(statement).toBe(`${postgresIdStoreSchema()};`);
    await database.rows(statement ?? "");
    const store = postgresIdStore({ client: database.client, createTable: false });
    expect(await store.claim("msg_migrated", { token: "t1", ttlSeconds: 60 })).toBe("claimed");
  });
});
