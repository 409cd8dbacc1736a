// A many-receivers instance on PostgreSQL: postgresIdStore on DATABASE_URL through PG_CLIENT's library.
import { postgresIdStore } from "@leap-workflows/node";
import pg from "pg";
import postgres from "postgres";
import { serveReceiver } from "../shared/serve-receiver.mjs";

const url = process.env.DATABASE_URL ?? "";
const client =
  process.env.PG_CLIENT === "postgres.js"
    ? postgres(url, { onnotice: () => {} })
    : new pg.Pool({ connectionString: url }).on("error", () => {});
serveReceiver(postgresIdStore({ client }));
