/** What a claim on a `webhook-id` found: yours to process, processed already, or being processed elsewhere. */
export type WebhookClaim = "claimed" | "duplicate" | "in-progress";

/** The arguments of `WebhookIdStore.claim` and `complete`. */
export interface WebhookIdStoreEntry {
  /** Names this attempt: only the caller holding it may release the claim. Unique per attempt. */
  token: string;
  /** How long the entry lives: the claim's lease in `claim`, how long the id stays processed in `complete`. */
  ttlSeconds: number;
}

/**
 * Remembers webhook ids across deliveries so that an at-least-once sender's repeats run `onRun` once.
 * Every method must be atomic on the shared store (SET NX in Redis, a Durable Object's storage on Cloudflare):
 * `has`-then-`add` is not, as two instances can both see "not yet" and both run.
 *
 * - `claim`: exactly one caller gets `"claimed"` while no claim or processed entry lives; others get
 *   `"in-progress"` (a live claim) or `"duplicate"` (processed). A claim lives `ttlSeconds`, so one held by a
 *   crashed instance expires and the sender's retry goes through.
 * - `complete`: marks the id processed for `ttlSeconds`, whoever holds the claim by then (the work is done).
 * - `release`: deletes the claim if `token` still holds it, so the sender's retry of a failed attempt runs.
 */
export interface WebhookIdStore {
  /** Claims `id` for `entry.ttlSeconds`: `"claimed"` for exactly one caller, else what holds it. */
  claim(id: string, entry: WebhookIdStoreEntry): WebhookClaim | Promise<WebhookClaim>;
  /** Marks `id` processed for `entry.ttlSeconds`, whoever holds the claim by then. */
  complete(id: string, entry: WebhookIdStoreEntry): void | Promise<void>;
  /** Deletes the claim on `id` if `entry.token` still holds it, so the sender's retry runs. */
  release(id: string, entry: { token: string }): void | Promise<void>;
}

/** Options of the in-memory id store. */
export interface MemoryIdStoreOptions {
  /**
   * The clock entries expire by, `() => milliseconds` (tests). Monotonic by default, so that a step of the
   * wall clock (NTP, a VM resumed) neither expires a live claim early nor keeps an entry forever.
   * @default performance.now
   */
  now?: (() => number) | undefined;
}

interface MemoryEntry {
  token: string | undefined; // undefined once processed
  expiresAt: number;
}

/**
 * An in-process `WebhookIdStore`, the default of both webhook handlers: one process or isolate only.
 * Entries leave when their TTL ends, never earlier, so memory is bounded by the delivery rate times the
 * dedupe TTL (about 100 bytes per id: 10 deliveries a second for an hour is some 4 MB).
 */
export function createMemoryIdStore(options: MemoryIdStoreOptions = {}): WebhookIdStore {
  const now = options.now ?? (() => performance.now());
  const entries = new Map<string, MemoryEntry>();
  let nextSweep = 0;

  const live = (id: string, at: number): MemoryEntry | undefined => {
    const entry = entries.get(id);
    if (entry === undefined || entry.expiresAt > at) return entry;
    entries.delete(id);
    return undefined;
  };
  // Expired ids nobody asks about again would stay forever; a sweep at most once a minute drops them.
  const sweep = (at: number) => {
    if (at < nextSweep) return;
    nextSweep = at + 60_000;
    for (const [id, entry] of entries) if (entry.expiresAt <= at) entries.delete(id);
  };

  return {
    claim(id, { token, ttlSeconds }) {
      const at = now();
      sweep(at);
      const entry = live(id, at);
      if (entry !== undefined) return entry.token === undefined ? "duplicate" : "in-progress";
      entries.set(id, { token, expiresAt: at + ttlSeconds * 1000 });
      return "claimed";
    },
    complete(id, { ttlSeconds }) {
      entries.set(id, { token: undefined, expiresAt: now() + ttlSeconds * 1000 });
    },
    release(id, { token }) {
      if (entries.get(id)?.token === token) entries.delete(id);
    },
  };
}
