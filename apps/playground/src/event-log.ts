import type { BulkRun } from "@leap-workflows/core";

/** A run as the page draws it: its status, result and the times of its steps. */
export interface RunState {
  id: string;
  status: string;
  workflow_id: string;
  output: unknown;
  error: string | null;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
  /** The bulk run that started it (one of its rows), if any. */
  bulk_run_id?: string | null;
}

/** How far a bulk run's rows got: runs finished `completed`, finished otherwise, and all. */
export interface BulkRows {
  completed: number;
  failed: number;
  total: number | null;
}

/** Something that happened in the playground, shown live on the page and in the scenario transcript. */
export type PlaygroundEvent =
  | { type: "run"; run: RunState }
  | { type: "bulk"; bulk: BulkRun; rows: BulkRows }
  | {
      /** One attempt of a webhook delivery reaching the fan-out, and what the fan-out answered the sender. */
      type: "attempt";
      subjectId: string;
      webhookId: string;
      attempt: number;
      answer: number;
      /** The playground answered 503 on purpose (receivers down), without passing the attempt on. */
      outage: boolean;
    }
  | {
      /** The W3C trace id tying a run's (or bulk run's) creation to its webhook attempts. */
      type: "trace";
      subjectId: string;
      traceId: string;
    }
  | {
      type: "delivery";
      receiver: "node" | "edge";
      runId: string | null;
      webhookId: string | null;
      /** Which attempt of the delivery this verdict is on; null for tampered copies. */
      attempt: number | null;
      verified: boolean;
      /** Why it was rejected: the `WebhookVerificationError` reason, or the error message. */
      reason: string | null;
      label: string;
      /** What the receiver read from a verified delivery (a run's typed output, a bulk run's rows). */
      detail: string | null;
    };

/** One receiver's verdict on one delivery: the playground's own record, kept across restarts. */
export type DeliveryVerdict = Extract<PlaygroundEvent, { type: "delivery" }>;

/** An event with the time it happened. */
export type StampedEvent = PlaygroundEvent & { at: string };

/** An in-memory event log with subscribers (the page listens over server-sent events). */
export class EventLog {
  readonly events: StampedEvent[] = [];
  readonly #listeners = new Set<(event: StampedEvent) => void>();

  /** Logs `event` as happening now, or at `at` (an event restored from an earlier session). */
  add(event: PlaygroundEvent, at = new Date().toISOString()): void {
    const stamped = { ...event, at };
    this.events.push(stamped);
    for (const listener of this.#listeners) listener(stamped);
  }

  subscribe(listener: (event: StampedEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves with the first event (past or future) that `match` accepts, or rejects after `timeoutMs`. */
  waitFor<T extends PlaygroundEvent>(
    match: (event: PlaygroundEvent) => event is T,
    timeoutMs = 10_000,
  ): Promise<T> {
    const found = this.events.find(match);
    if (found) return Promise.resolve(found as unknown as T);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`no matching playground event within ${timeoutMs} ms`));
      }, timeoutMs);
      const unsubscribe = this.subscribe((event) => {
        if (!match(event)) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(event as unknown as T);
      });
    });
  }
}
