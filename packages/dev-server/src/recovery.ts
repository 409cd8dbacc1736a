import type { Store, StoredRun } from "./store/store";

const INTERRUPTED = "interrupted: the dev server stopped while this run was in progress";

/** What recovery sets going again; the engine's parts, passed in. */
interface RecoveryActions {
  resumeDeliveries(): void;
  deliver(subjectId: string, url: string, payload: unknown): void;
  enqueueRun(stored: StoredRun): void;
  resumeBulk(bulkRunId: string): void;
  reimportBulk(bulkRunId: string): void;
}

/**
 * After a stop or a crash: runs that were running fail as interrupted (their webhooks recorded); queued
 * runs, and bulk runs whose rows are stored, resume; a bulk run whose rows were not all stored reads its
 * CSV again; pending deliveries resume with their original `webhook-id`.
 */
export function recover(store: Store, actions: RecoveryActions): void {
  const endedAt = new Date().toISOString();
  // Pending deliveries first: the ones recorded below are scheduled when they are recorded.
  actions.resumeDeliveries();
  const resumeBulks: string[] = [];
  const rereadBulks: string[] = [];
  // One transaction: a crash during recovery leaves no run failed without its webhook recorded.
  store.transaction(() => {
    for (const { run, webhookUrl } of store.runningRuns()) {
      store.finishRun(run.id, { status: "failed", endedAt, error: INTERRUPTED, output: null });
      if (webhookUrl) actions.deliver(run.id, webhookUrl, store.run(run.id));
    }
    for (const id of store.bulkRunsInProgress()) {
      if (!store.bulkRunRecord(id)?.rowsStored) {
        store.deleteRunsOfBulk(id);
        rereadBulks.push(id);
      } else resumeBulks.push(id);
    }
  });
  for (const stored of store.queuedSingleRuns()) actions.enqueueRun(stored);
  for (const id of resumeBulks) actions.resumeBulk(id);
  for (const id of rereadBulks) actions.reimportBulk(id);
}
