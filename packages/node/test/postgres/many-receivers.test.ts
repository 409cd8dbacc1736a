import { startPostgresServer } from "@leap-workflows/test-kit/postgres-server";
import { startReceiver } from "../shared/receiver-processes";
import { describeReceiversSharingAStore } from "../shared/receivers-sharing-a-store";
import type { ClientLibrary } from "./postgres-clients";

// The shared receivers' proofs on one real PostgreSQL database, two receivers on postgres.js and two on pg.
const script = new URL("./receiver-process.mjs", import.meta.url);

describeReceiversSharingAStore<ClientLibrary>({
  name: "one PostgreSQL database",
  libraries: ["postgres.js", "pg"],
  start: async () => {
    const database = await startPostgresServer();
    return {
      startReceiver: (library, settings) =>
        startReceiver(script, { DATABASE_URL: database.url, PG_CLIENT: library }, settings),
      stop: () => database.stop(),
    };
  },
});
