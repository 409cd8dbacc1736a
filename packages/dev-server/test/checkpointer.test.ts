import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { newId } from "../src/ids";
import { DATABASE_FILE, Store } from "../src/store/store";
import { eventually } from "./helpers";

function storeRuns(store: Store, count: number): void {
  store.transaction(() => {
    for (let index = 0; index < count; index++) {
      store.insertRun({
        run: {
          id: newId("rnp"),
          version_id: "vsp_checkpoints",
          status: "queued",
          created_at: new Date().toISOString(),
          started_at: null,
          ended_at: null,
          workflow_id: "wkf_echo",
          error: null,
          input: { note: "x".repeat(500) },
          output: null,
        },
        webhookUrl: null,
        bulkRunId: null,
        idempotencyKey: null,
        fingerprint: null,
      });
    }
  });
}

test("the checkpointer copies wave after wave of commits from the WAL into the database file", async () => {
  const data = mkdtempSync(join(tmpdir(), "leap-checkpoints-"));
  const store = await Store.open(data);
  const file = join(data, DATABASE_FILE);
  try {
    for (let wave = 0; wave < 3; wave++) {
      const before = statSync(file).size;
      // About 150 pages a wave, far below SQLite's checkpoint on commit (10,000 pages): in WAL mode the
      // database file grows only when the worker copies the WAL into it.
      for (let batch = 0; batch < 20; batch++) storeRuns(store, 50);
      const after = await eventually(() => statSync(file).size > before && statSync(file).size);
      expect(after).toBeGreaterThan(before);
    }
  } finally {
    await store.close();
  }
});
