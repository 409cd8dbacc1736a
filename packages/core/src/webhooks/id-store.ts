/**
 * Remembers webhook ids already handled, so an at-least-once sender's repeats are dropped. Back it
 * with Redis, KV or a database when you run more than one instance.
 */
export interface WebhookIdStore {
  /** Whether a delivery with this `webhook-id` was already handled. */
  has(id: string): boolean | Promise<boolean>;
  /** Remembers a handled delivery's `webhook-id` for `ttlSeconds`. */
  add(id: string, ttlSeconds: number): void | Promise<void>;
}

/** Options of the in-memory id store. */
export interface MemoryIdStoreOptions {
  /** The most ids kept; the oldest go first. @default 10_000 */
  maxEntries?: number | undefined;
}

/** An in-process `WebhookIdStore` with expiry; the default of both webhook handlers. */
export function createMemoryIdStore(options: MemoryIdStoreOptions = {}): WebhookIdStore {
  const maxEntries = options.maxEntries ?? 10_000;
  // Insertion order doubles as age order, so the oldest entry is always first.
  const expiries = new Map<string, number>();
  return {
    has(id) {
      const expiresAt = expiries.get(id);
      if (expiresAt === undefined) return false;
      if (expiresAt > Date.now()) return true;
      expiries.delete(id);
      return false;
    },
    add(id, ttlSeconds) {
      expiries.delete(id);
      expiries.set(id, Date.now() + ttlSeconds * 1000);
      while (expiries.size > maxEntries) {
        const oldest = expiries.keys().next().value;
        if (oldest === undefined) break;
        expiries.delete(oldest);
      }
    },
  };
}
