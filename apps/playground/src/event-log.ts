/** Something that happened in the playground, shown live on the page and in the scenario transcript. */
export type PlaygroundEvent =
  | {
      type: "run";
      run: { id: string; status: string; workflow_id: string; output: unknown; error: string | null };
    }
  | {
      type: "bulk";
      bulk: { id: string; status: string; row_count: number | null; output_csv_url: string | null };
    }
  | {
      type: "delivery";
      receiver: "node" | "edge";
      runId: string | null;
      webhookId: string | null;
      verified: boolean;
      /** Why it was rejected: the `WebhookVerificationError` reason, or the error message. */
      reason: string | null;
      label: string;
      /** What the receiver read from a verified delivery (a run's typed output, a bulk run's rows). */
      detail: string | null;
    };

/** An in-memory event log with subscribers (the page listens over server-sent events). */
export class EventLog {
  readonly events: (PlaygroundEvent & { at: string })[] = [];
  readonly #listeners = new Set<(event: PlaygroundEvent & { at: string }) => void>();

  add(event: PlaygroundEvent): void {
    const stamped = { ...event, at: new Date().toISOString() };
    this.events.push(stamped);
    for (const listener of this.#listeners) listener(stamped);
  }

  subscribe(listener: (event: PlaygroundEvent & { at: string }) => void): () => void {
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
