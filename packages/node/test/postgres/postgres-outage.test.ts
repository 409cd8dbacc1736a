import { type PostgresServer, startPostgresServer } from "@leap-workflows/test-kit/postgres-server";
import { afterEach, describe, test } from "vitest";
import { postgresIdStore } from "../../src/index";
import { proveOutageAnswers, startHeldReceiver } from "../store-outage";
import { CLIENT_LIBRARIES, connectClient } from "./postgres-clients";

// Two ways a database goes away: killed (connections reset, new ones refused) and no longer answering (a
// stopped server, as behind a network partition: only the store timeout answers then).
const OUTAGES = {
  killed: (server: PostgresServer) => server.signalAll("SIGKILL"),
  "not answering": (server: PostgresServer) => server.signalAll("SIGSTOP"),
};

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe.each(CLIENT_LIBRARIES)("the database goes away in the middle of onRun (%s)", (library) => {
  test.each(Object.keys(OUTAGES) as (keyof typeof OUTAGES)[])(
    "%s: every delivery in flight and every new one is answered within 6 s; 5xx where the sender must retry",
    async (outage) => {
      const server = await startPostgresServer();
      cleanup.push(() => server.stop());
      const connected = connectClient(library, server.url);
      // After the server (stopped last): its connections are gone by then, so closing does not wait on them.
      cleanup.unshift(() => connected.close());
      const receiver = await startHeldReceiver(postgresIdStore({ client: connected.client }));
      cleanup.push(() => receiver.close());
      await proveOutageAnswers(receiver, async () => OUTAGES[outage](server));
    },
    120_000,
  );
});
