import type { Store } from "../store/store";
import type { WorkflowRegistry } from "./workflow";

/** Options of the background runner. */
export interface RunnerOptions {
  store: Store;
  workflows: WorkflowRegistry;
  /** How many workflows run at once; later runs wait as `queued`. */
  concurrency: number;
  /** Milliseconds a workflow may take before its run fails. */
  workflowTimeoutMs: number;
  /** Called once a run reached its final status (to deliver webhooks, finish bulk runs). */
  onFinished(runId: string): void;
}

const errorMessage = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)) || "workflow failed";

/** Runs workflows in the background under a concurrency limit; a throwing or hanging workflow only fails its run. */
export class Runner {
  readonly #options: RunnerOptions;
  readonly #waiting: string[] = [];
  readonly #active = new Map<string, AbortController>();
  #idle: (() => void) | undefined;
  // Finished runs wait here for one shared transaction per event-loop turn: one commit for many runs.
  readonly #finished: {
    runId: string;
    status: string;
    error: string | null;
    output: unknown;
    endedAt: string;
  }[] = [];
  #flushScheduled = false;
  #stopped = false;

  constructor(options: RunnerOptions) {
    this.#options = options;
  }

  /** Whether a new run would start at once (`running`) or wait (`queued`). */
  get hasFreeSlot(): boolean {
    return this.#active.size + this.#waiting.length < this.#options.concurrency;
  }

  get activeCount(): number {
    return this.#active.size + this.#waiting.length;
  }

  enqueue(runId: string): void {
    this.#waiting.push(runId);
    this.#pump();
  }

  /**
   * Aborts every active run (each fails with `reason`), drops the queue, and resolves once all have
   * settled and are stored.
   */
  async stop(reason: string): Promise<void> {
    this.#stopped = true;
    this.#waiting.length = 0;
    if (this.#active.size > 0) {
      const settled = new Promise<void>((resolve) => {
        this.#idle = resolve;
      });
      for (const controller of this.#active.values()) controller.abort(new Error(reason));
      await settled;
    }
    this.#flush();
  }

  #pump(): void {
    // Once stopped, runs left queued stay so in the store and are failed as interrupted on the next start.
    if (this.#stopped) return;
    while (this.#active.size < this.#options.concurrency && this.#waiting.length > 0) {
      const runId = this.#waiting.shift() as string;
      const controller = new AbortController();
      this.#active.set(runId, controller);
      void this.#execute(runId, controller)
        .catch((error: unknown) =>
          console.error(`[leap-workflows-dev] run ${runId} could not be stored:`, error),
        )
        .finally(() => {
          this.#active.delete(runId);
          if (this.#active.size === 0) this.#idle?.();
          this.#pump();
        });
    }
  }

  async #execute(runId: string, controller: AbortController): Promise<void> {
    const { store, workflows, workflowTimeoutMs } = this.#options;
    const run = store.run(runId);
    if (!run) return;
    // A run created `running` is stored so already; only a queued one needs the write.
    if (run.status !== "running") store.startRun(runId, new Date().toISOString());
    const implementation = workflows[run.workflow_id];
    const timer = setTimeout(
      () => controller.abort(new Error(`the workflow timed out after ${workflowTimeoutMs} ms`)),
      workflowTimeoutMs,
    );
    let outcome: { status: string; error: string | null; output: unknown };
    try {
      if (!implementation) throw new Error(`workflow ${run.workflow_id} is no longer registered`);
      const aborted = new Promise<never>((_, reject) => {
        controller.signal.addEventListener("abort", () => reject(controller.signal.reason));
      });
      // Racing the abort fails the run on time even when a workflow ignores its signal.
      const output = await Promise.race([
        Promise.resolve().then(() =>
          implementation(run.input ?? {}, { runId, workflowId: run.workflow_id, signal: controller.signal }),
        ),
        aborted,
      ]);
      outcome = { status: "completed", error: null, output: output === undefined ? null : output };
    } catch (error) {
      outcome = { status: "failed", error: errorMessage(error), output: null };
    } finally {
      clearTimeout(timer);
    }
    let stored = outcome;
    try {
      JSON.stringify(outcome.output);
    } catch {
      stored = { status: "failed", error: "the workflow's output is not JSON-serialisable", output: null };
    }
    this.#finished.push({ runId, ...stored, endedAt: new Date().toISOString() });
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(() => this.#flush());
    }
  }

  // One transaction: a crash never leaves a finished run whose webhook was not recorded (a run not yet
  // flushed is still `running` in the store, and is failed as interrupted on the next start).
  #flush(): void {
    this.#flushScheduled = false;
    const batch = this.#finished.splice(0);
    if (batch.length === 0) return;
    const { store, onFinished } = this.#options;
    try {
      store.transaction(() => {
        for (const { runId, ...result } of batch) {
          store.finishRun(runId, result);
          onFinished(runId);
        }
      });
    } catch (error) {
      console.error(`[leap-workflows-dev] ${batch.length} finished runs could not be stored:`, error);
    }
  }
}
