import type { WorkflowRun } from "@leap-workflows/core";
import type { Accepting } from "./accepting";
import { ApiFailure } from "./api-failure";
import { replayOf } from "./idempotency";
import { fingerprint, newId } from "./ids";
import type { KnownWorkflows } from "./known-workflows";
import type { Runner } from "./runner/runner";
import { GroupCommit } from "./store/group-commit";
import type { Store, StoredRun } from "./store/store";

/** A validated `POST /v1/runs` body. */
export interface RunRequest {
  workflow_id: string;
  webhook_url?: string | undefined;
  inputs?: Record<string, unknown> | undefined;
}

interface RunsOptions {
  store: Store;
  runner: Runner;
  workflows: KnownWorkflows;
  accepting: Accepting;
}

/** A run on its way into the store (group commit); its status is decided when the batch is written. */
interface PendingCreate {
  stored: StoredRun;
}

/** Single runs: created (idempotently, group-committed) and retrieved. The runner finishes them. */
export class Runs {
  readonly #options: RunsOptions;
  readonly #creates: GroupCommit<PendingCreate>;
  // Creates not yet committed, by Idempotency-Key: a retry arriving in the same turn must find them.
  readonly #pendingKeys = new Map<string, { fingerprint: string; created: Promise<WorkflowRun> }>();

  constructor(options: RunsOptions) {
    this.#options = options;
    this.#creates = new GroupCommit((batch) => this.#commitCreates(batch));
  }

  /**
   * Starts a run, or returns the first run of a repeated Idempotency-Key (`replayed: true`). Resolves once
   * the run is committed to the store (group commit: the creates of one event-loop turn share a commit).
   */
  async create(
    request: RunRequest,
    idempotencyKey: string | undefined,
  ): Promise<{ run: WorkflowRun; replayed: boolean }> {
    this.#options.accepting.assert();
    const { store } = this.#options;
    const print = fingerprint(request);
    if (idempotencyKey) {
      const pending = this.#pendingKeys.get(idempotencyKey);
      if (pending)
        return { run: replayOf(pending.fingerprint, print, await pending.created), replayed: true };
      const existing = store.runByIdempotencyKey(idempotencyKey);
      if (existing) return { run: replayOf(existing.fingerprint, print, existing.run), replayed: true };
    }
    const versionId = this.#options.workflows.versionId(request.workflow_id);
    const run: WorkflowRun = {
      id: newId("rnp"),
      version_id: versionId,
      status: "queued",
      created_at: new Date().toISOString(),
      started_at: null,
      ended_at: null,
      workflow_id: request.workflow_id,
      error: null,
      input: request.inputs ?? {},
      output: null,
    };
    const stored: StoredRun = {
      run,
      webhookUrl: request.webhook_url ?? null,
      bulkRunId: null,
      idempotencyKey: idempotencyKey ?? null,
      fingerprint: print,
    };
    const created = this.#creates.add({ stored }).then(() => run);
    if (idempotencyKey) {
      this.#pendingKeys.set(idempotencyKey, { fingerprint: print, created });
      void created.then(
        () => this.#pendingKeys.delete(idempotencyKey),
        () => this.#pendingKeys.delete(idempotencyKey),
      );
    }
    // A copy per answer: replays of a key still in the batch share `run`.
    return { run: { ...(await created) }, replayed: false };
  }

  retrieve(id: string): WorkflowRun {
    this.#options.runner.flush();
    const run = this.#options.store.run(id);
    if (!run) throw new ApiFailure(404, "run_not_found", `No run ${id}`);
    return run;
  }

  /** Commits the creates received so far now (on shutdown, instead of on the next turn). */
  commitPending(): void {
    this.#creates.flush();
  }

  #commitCreates(batch: PendingCreate[]): void {
    const { store, runner } = this.#options;
    let free = runner.freeSlots;
    const now = new Date().toISOString();
    for (const { stored } of batch) {
      if (free > 0) {
        free--;
        stored.run.status = "running";
        stored.run.started_at = now;
      }
    }
    store.transaction(() => {
      for (const { stored } of batch) store.insertRun(stored);
    });
    for (const { stored } of batch) runner.enqueue({ ...stored, run: { ...stored.run } });
  }
}
