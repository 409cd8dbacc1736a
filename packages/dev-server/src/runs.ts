import type { CreateRunParams, WorkflowRun } from "@leap-workflows/core";
import type { Accepting } from "./accepting";
import { ApiFailure } from "./api-failure";
import { replayOf } from "./idempotency";
import { fingerprint, newId } from "./ids";
import type { KnownWorkflows } from "./known-workflows";
import type { Runner } from "./runner/runner";
import { GroupCommit } from "./store/group-commit";
import type { Store, StoredRun } from "./store/store";

/** A validated `POST /v1/runs` body, its inputs under one name (`inputs`, whichever name they came under). */
export type RunRequest = Omit<CreateRunParams, "input">;

interface RunsOptions {
  store: Store;
  runner: Runner;
  workflows: KnownWorkflows;
  accepting: Accepting;
}

/**
 * A run on its way into the store (group commit); its status is decided when the batch is written, and so
 * is whether its Idempotency-Key was already stored (`found`: then nothing is inserted, the request replays).
 */
interface PendingCreate {
  stored: StoredRun;
  found?: StoredRun | undefined;
}

/** What a create came to once committed: the run it made, or the stored run its key already had. */
interface Settled {
  fingerprint: string | null;
  run: WorkflowRun;
  replayed: boolean;
}

/** Single runs: created (idempotently, group-committed) and retrieved. The runner finishes them. */
export class Runs {
  readonly #options: RunsOptions;
  readonly #creates: GroupCommit<PendingCreate>;
  // Creates not yet committed, by Idempotency-Key: a retry arriving in the same turn must find them.
  readonly #pendingKeys = new Map<string, Promise<Settled>>();

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
    const print = fingerprint(request);
    if (idempotencyKey) {
      const pending = this.#pendingKeys.get(idempotencyKey);
      if (pending) {
        const first = await pending;
        return { run: replayOf(first.fingerprint, print, first.run), replayed: true };
      }
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
    const entry: PendingCreate = {
      stored: {
        run,
        webhookUrl: request.webhook_url ?? null,
        bulkRunId: null,
        idempotencyKey: idempotencyKey ?? null,
        fingerprint: print,
      },
    };
    // The stored key is looked up at commit, inside the batch's transaction: one lookup outside a
    // transaction per request would take and release SQLite's locks each time.
    const settled = this.#creates
      .add(entry)
      .then(
        (): Settled =>
          entry.found
            ? { fingerprint: entry.found.fingerprint, run: entry.found.run, replayed: true }
            : { fingerprint: print, run, replayed: false },
      );
    if (idempotencyKey) {
      this.#pendingKeys.set(idempotencyKey, settled);
      const forget = () => this.#pendingKeys.delete(idempotencyKey);
      void settled.then(forget, forget);
    }
    const outcome = await settled;
    if (outcome.replayed) return { run: replayOf(outcome.fingerprint, print, outcome.run), replayed: true };
    // A copy per answer: replays of a key still in the batch share `run`.
    return { run: { ...outcome.run }, replayed: false };
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
    store.transaction(() => {
      for (const entry of batch) {
        const { stored } = entry;
        entry.found =
          stored.idempotencyKey === null ? undefined : store.runByIdempotencyKey(stored.idempotencyKey);
        if (entry.found) continue;
        if (free > 0) {
          free--;
          stored.run.status = "running";
          stored.run.started_at = now;
        }
        store.insertRun(stored);
      }
    });
    for (const { stored, found } of batch) if (!found) runner.enqueue({ ...stored, run: { ...stored.run } });
  }
}
