/**
 * Group commit: the writes that arrive within one turn of the event loop are committed together, in one
 * transaction, before any of their callers is answered. Every caller still waits for a commit that
 * includes its write (so an answer means "stored, would survive a SIGKILL"), but N concurrent requests
 * cost one commit instead of N.
 */
export class GroupCommit<T> {
  readonly #commit: (items: T[]) => void;
  #batch: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  #scheduled = false;

  /** `commit` writes a whole batch in one transaction, or throws (then every caller of the batch fails). */
  constructor(commit: (items: T[]) => void) {
    this.#commit = commit;
  }

  /** Resolves once `item` is committed. */
  add(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#batch.push({ item, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        // setImmediate runs after the poll phase, so every request read in this turn joins the batch.
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits what is waiting now (also called on shutdown). */
  flush(): void {
    this.#scheduled = false;
    const batch = this.#batch;
    if (batch.length === 0) return;
    this.#batch = [];
    try {
      this.#commit(batch.map((entry) => entry.item));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
      return;
    }
    for (const entry of batch) entry.resolve();
  }
}
