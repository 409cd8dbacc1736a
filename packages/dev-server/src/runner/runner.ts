import type { WorkflowRun } from "@leap-workflows/core";
import { type DevServerLogger, describeError } from "../log/log-event";
import type { Store, StoredRun } from "../store/store";
import type { WorkflowRegistry } from "./workflow";

/** Options of the background runner. */
export interface RunnerOptions {
  store: Store;
  workflows: WorkflowRegistry;
  /** How many workflows run at once; later runs wait as `queued`. */
  concurrency: number;
  /** Milliseconds a workflow may take before its run fails. */
  workflowTimeoutMs: number;
  /**
   * Called inside the transaction that stores each batch of finished runs (to record webhooks and finish
   * bulk runs in the same commit), with every run as it now stands.
   */
  onFinished(finished: FinishedRun[]): void;
  logger: DevServerLogger;
}

/** A run the runner finished, as stored, with what the engine needs to follow it up. */
export interface FinishedRun {
  run: WorkflowRun;
  webhookUrl: string | null;
  bulkRunId: string | null;
}

/** A run waiting for a slot: the stored run, and whether it is already stored as `running`. */
type Job = Pick<StoredRun, "run" | "webhookUrl" | "bulkRunId">;

/** The queued runs of one bulk run, read from the store a page at a time so memory stays flat. */
interface BulkCursor {
  bulkRunId: string;
  afterRowId: number;
  page: Job[];
}

// A turn of the event loop starts at most this many runs, and stops early after TURN_BUDGET_MS: then the
// runner yields (setImmediate), so HTTP requests and timers get a turn even while a bulk run of fast
// workflows streams through. Fast workflows finish in microtasks, which never yield on their own.
const RUNS_PER_TURN = 256;
const TURN_BUDGET_MS = 8;
const BULK_PAGE = 512;

const errorMessage = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)) || "workflow failed";

/**
 * Runs workflows in the background under a concurrency limit; a throwing or hanging workflow only fails
 * its run. Single runs go before the rows of bulk runs; starts and finishes are written in one
 * transaction per turn of the event loop.
 */
export class Runner {
  readonly #options: RunnerOptions;
  readonly #ready: Job[] = [];
  readonly #cursors: BulkCursor[] = [];
  readonly #active = new Map<string, Active>();
  #deadlineTimer: ReturnType<typeof setInterval> | undefined;
  // Writes waiting for the next batch: runs started (stored as `queued`) and runs finished.
  readonly #started = new Map<string, string>();
  readonly #finished: { job: Job; result: FinishedResult }[] = [];
  #idle: (() => void) | undefined;
  #turnStart = 0;
  #startedThisTurn = 0;
  #turnScheduled = false;
  #flushScheduled = false;
  #stopped = false;

  constructor(options: RunnerOptions) {
    this.#options = options;
  }

  /** How many new runs would start at once (`running`); more would wait (`queued`). */
  get freeSlots(): number {
    if (this.#cursors.length > 0 || this.#stopped) return 0;
    return Math.max(0, this.#options.concurrency - this.#active.size - this.#ready.length);
  }

  /** Queues a stored run; it starts on a later turn of the event loop. */
  enqueue(job: Job): void {
    this.#ready.push(job);
    this.#scheduleTurn();
  }

  /** Queues every `queued` run of a bulk run (read from the store page by page, in row order). */
  enqueueBulk(bulkRunId: string): void {
    this.#cursors.push({ bulkRunId, afterRowId: 0, page: [] });
    this.#scheduleTurn();
  }

  /** Writes the pending starts and finishes now (before a read, so the API shows what the runner knows). */
  flush(): void {
    this.#flushScheduled = false;
    const finished = this.#finished.splice(0);
    const started = [...this.#started];
    this.#started.clear();
    if (finished.length === 0 && started.length === 0) return;
    const { store, onFinished } = this.#options;
    try {
      // One transaction: a finished run is never stored without its webhook recorded (a run not yet
      // flushed is still `queued` or `running` in the store, and is resumed or failed on the next start).
      store.transaction(() => {
        for (const [id, startedAt] of started) store.startRun(id, startedAt);
        const runs: FinishedRun[] = [];
        for (const { job, result } of finished) {
          store.finishRun(job.run.id, result);
          const run: WorkflowRun = {
            ...job.run,
            status: result.status,
            started_at: job.run.started_at ?? result.startedAt,
            ended_at: result.endedAt,
            error: result.error,
            output: result.output,
          };
          runs.push({ run, webhookUrl: job.webhookUrl, bulkRunId: job.bulkRunId });
        }
        if (runs.length > 0) onFinished(runs);
      });
    } catch (error) {
      this.#options.logger({
        kind: "error",
        message: `${finished.length} finished runs could not be stored: ${describeError(error)}`,
      });
    }
  }

  /**
   * Aborts every active run (each fails with `reason`), stops starting runs, and resolves once all have
   * settled and are stored. Runs still waiting stay `queued` in the store and resume on the next start.
   */
  async stop(reason: string): Promise<void> {
    this.#stopped = true;
    const { store } = this.#options;
    // Stored `running` when created, but never started: back to `queued`, so the next start runs them.
    const unstarted = this.#ready.filter((job) => job.run.status === "running");
    this.#ready.length = 0;
    this.#cursors.length = 0;
    if (this.#active.size > 0) {
      const settled = new Promise<void>((resolve) => {
        this.#idle = resolve;
      });
      for (const active of this.#active.values()) active.abort?.(new Error(reason));
      await settled;
    }
    clearInterval(this.#deadlineTimer);
    this.#deadlineTimer = undefined;
    this.flush();
    if (unstarted.length > 0)
      store.transaction(() => {
        for (const job of unstarted) store.requeueRun(job.run.id);
      });
  }

  #scheduleTurn(): void {
    if (this.#turnScheduled || this.#stopped) return;
    this.#turnScheduled = true;
    setImmediate(() => {
      this.#turnScheduled = false;
      this.#turnStart = performance.now();
      this.#startedThisTurn = 0;
      this.#pump();
    });
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => {
      if (this.#flushScheduled) this.flush();
    });
  }

  #pump(): void {
    if (this.#stopped) return;
    while (this.#active.size < this.#options.concurrency) {
      if (this.#startedThisTurn >= RUNS_PER_TURN || performance.now() - this.#turnStart > TURN_BUDGET_MS) {
        // This turn has had its share: the rest waits for the next one, after pending I/O.
        if (this.#ready.length > 0 || this.#cursors.length > 0) this.#scheduleTurn();
        return;
      }
      const job = this.#next();
      if (!job) return;
      this.#startedThisTurn++;
      this.#start(job);
    }
  }

  #next(): Job | undefined {
    const single = this.#ready.shift();
    if (single) return single;
    while (this.#cursors.length > 0) {
      const cursor = this.#cursors[0] as BulkCursor;
      const job = cursor.page.shift();
      if (job) return job;
      const page = this.#options.store.queuedRunsOfBulk(cursor.bulkRunId, cursor.afterRowId, BULK_PAGE);
      this.#cursors.shift();
      if (page.length === 0) continue;
      cursor.afterRowId = (page.at(-1) as { rowId: number }).rowId;
      cursor.page = page;
      // Several bulk runs take turns, a page each.
      this.#cursors.push(cursor);
    }
    return undefined;
  }

  #start(job: Job): void {
    const { run } = job;
    const active: Active = {
      since: performance.now(),
      controller: undefined,
      reason: undefined,
      abort: undefined,
    };
    this.#active.set(run.id, active);
    this.#watchDeadlines();
    // A run created `running` is stored so already; only a queued one needs the write.
    const startedAt = run.started_at ?? new Date().toISOString();
    if (run.status !== "running") this.#started.set(run.id, startedAt);
    const implementation = this.#options.workflows[run.workflow_id];
    // The AbortController is made only when the workflow reads ctx.signal: most fast workflows never do,
    // and a bulk run starts them by the hundred thousand.
    const context = {
      runId: run.id,
      workflowId: run.workflow_id,
      get signal(): AbortSignal {
        if (!active.controller) {
          active.controller = new AbortController();
          if (active.reason !== undefined) active.controller.abort(active.reason);
        }
        return active.controller.signal;
      },
    };
    // Rejected by abort() too, so a run fails on time even when its workflow ignores the signal.
    new Promise<unknown>((resolve, reject) => {
      active.abort = (reason) => {
        active.reason = reason;
        active.controller?.abort(reason);
        reject(reason);
      };
      if (!implementation) throw new Error(`workflow ${run.workflow_id} is no longer registered`);
      Promise.resolve(implementation(run.input, context)).then(resolve, reject);
    })
      .then(
        (output) =>
          this.#finish(job, startedAt, { status: "completed", error: null, output: output ?? null }),
        (error: unknown) =>
          this.#finish(job, startedAt, { status: "failed", error: errorMessage(error), output: null }),
      )
      .catch((error: unknown) =>
        this.#options.logger({
          kind: "error",
          message: `run ${run.id} failed to run: ${describeError(error)}`,
        }),
      )
      .finally(() => {
        this.#active.delete(run.id);
        if (this.#active.size === 0) this.#idle?.();
        this.#pump();
      });
  }

  /** One timer for every active run (they share one timeout), instead of a timer per run. */
  #watchDeadlines(): void {
    if (this.#deadlineTimer) return;
    const { workflowTimeoutMs } = this.#options;
    const every = Math.max(1, Math.min(250, workflowTimeoutMs / 10));
    this.#deadlineTimer = setInterval(() => {
      if (this.#active.size === 0) {
        clearInterval(this.#deadlineTimer);
        this.#deadlineTimer = undefined;
        return;
      }
      const now = performance.now();
      for (const active of this.#active.values()) {
        if (active.reason === undefined && now - active.since >= workflowTimeoutMs)
          active.abort?.(new Error(`the workflow timed out after ${workflowTimeoutMs} ms`));
      }
    }, every);
  }

  #finish(
    job: Job,
    startedAt: string,
    outcome: { status: string; error: string | null; output: unknown },
  ): void {
    let stored = outcome;
    try {
      JSON.stringify(outcome.output);
    } catch {
      stored = { status: "failed", error: "the workflow's output is not JSON-serialisable", output: null };
    }
    // Started and finished within one batch: the finish writes started_at too, one write instead of two.
    this.#started.delete(job.run.id);
    this.#finished.push({ job, result: { ...stored, startedAt, endedAt: new Date().toISOString() } });
    this.#scheduleFlush();
  }
}

/** A run in progress. */
interface Active {
  /** performance.now() at its start, for its deadline. */
  since: number;
  /** Made when the workflow first reads ctx.signal. */
  controller: AbortController | undefined;
  /** Why it was aborted (timeout or shutdown), once it was. */
  reason: unknown;
  abort: ((reason: unknown) => void) | undefined;
}

interface FinishedResult {
  status: string;
  error: string | null;
  output: unknown;
  startedAt: string;
  endedAt: string;
}
