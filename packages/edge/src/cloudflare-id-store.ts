import { ConfigurationError, IdStoreError, type WebhookIdStore } from "@leap-workflows/core";
import type { WebhookClaim } from "@leap-workflows/core/internal";

// Structural slices of Cloudflare's types, so this package needs no @cloudflare/workers-types.

/** The part of a Durable Object's `ctx.storage` this store uses. */
export interface DurableObjectStorageLike {
  /** The value stored under `key`, if any. */
  get<T>(key: string): Promise<T | undefined>;
  /** Stores `value` under `key`. */
  put<T>(key: string, value: T): Promise<void>;
  /** Removes `key`; true when it was there. */
  delete(key: string): Promise<boolean>;
  /** Every key and value this object stores. */
  list<T>(): Promise<Map<string, T>>;
  /** Wakes the object (its `alarm()`) at `scheduledTime`, in ms since the epoch. */
  setAlarm(scheduledTime: number): Promise<void>;
}

/** The Durable Object state (`ctx`) the runtime hands the class. */
export interface DurableObjectStateLike {
  /** The object's own transactional storage. */
  storage: DurableObjectStorageLike;
}

/** A Durable Object namespace binding (`env.WEBHOOK_IDS`). */
export interface DurableObjectNamespaceLike {
  /** The id of the object named `name` (one object per webhook-id). */
  idFromName(name: string): unknown;
  /** A stub of the object with `id`. */
  get(id: never): {
    /** Sends a request to the object. */
    fetch(input: string, init?: RequestInit): Promise<Response>;
  };
}

interface Entry {
  token: string | null; // null once processed
  expiresAt: number;
}

interface StoreRequest {
  op: "claim" | "complete" | "release";
  id: string;
  token: string;
  ttlSeconds?: number;
}

/**
 * The Durable Object behind `durableObjectIdStore`: each `webhook-id` gets its own object, and one object
 * handles one request at a time, so its read-then-write of the entry is atomic (workerd's input gates hold
 * other requests while storage is read; the answer leaves only once the write is durable). An alarm deletes
 * entries when their TTL ends, so idle objects leave no storage behind.
 *
 * Export it from your Worker's main module and bind it (wrangler: `durable_objects.bindings` with
 * `class_name = "WebhookIdStoreDurableObject"` and a `new_sqlite_classes` migration).
 */
export class WebhookIdStoreDurableObject {
  readonly #storage: DurableObjectStorageLike;

  constructor(state: DurableObjectStateLike, _env?: unknown) {
    this.#storage = state.storage;
  }

  /** Answers the store client's `claim`, `complete` and `release` requests. */
  async fetch(request: Request): Promise<Response> {
    const { op, id, token, ttlSeconds = 0 } = (await request.json()) as StoreRequest;
    const now = Date.now();
    const stored = await this.#storage.get<Entry>(id);
    const entry = stored !== undefined && stored.expiresAt > now ? stored : undefined;
    if (op === "release") {
      if (entry?.token === token) await this.#storage.delete(id);
      return Response.json({ ok: true });
    }
    if (op === "claim" && entry !== undefined) {
      const result: WebhookClaim = entry.token === null ? "duplicate" : "in-progress";
      return Response.json({ result });
    }
    const expiresAt = now + ttlSeconds * 1000;
    await this.#storage.put<Entry>(id, { token: op === "claim" ? token : null, expiresAt });
    await this.#storage.setAlarm(expiresAt);
    return Response.json({ result: "claimed" satisfies WebhookClaim });
  }

  /** Deletes expired entries; sets the next alarm for the ones left. */
  async alarm(): Promise<void> {
    const now = Date.now();
    let next = Number.POSITIVE_INFINITY;
    for (const [id, entry] of await this.#storage.list<Entry>()) {
      if (entry.expiresAt <= now) await this.#storage.delete(id);
      else next = Math.min(next, entry.expiresAt);
    }
    if (next !== Number.POSITIVE_INFINITY) await this.#storage.setAlarm(next);
  }
}

/** Options of `durableObjectIdStore`. */
export interface DurableObjectIdStoreOptions {
  /** Put before each `webhook-id` to name its object. @default "leap-webhook:" */
  prefix?: string | undefined;
}

/**
 * A `WebhookIdStore` for Cloudflare Workers on a Durable Object namespace bound to
 * `WebhookIdStoreDurableObject`: strongly consistent, so exactly one isolate anywhere claims a `webhook-id`.
 * (Workers KV is not enough: it is eventually consistent, with no compare-and-set, so two isolates can
 * both read "absent" and both run `onRun`.)
 *
 * ```ts
 * export { WebhookIdStoreDurableObject } from "@leap-workflows/edge";
 * webhookHandler(env.LEAP_WEBHOOK_SECRET, onRun, { dedupe: durableObjectIdStore(env.WEBHOOK_IDS) });
 * ```
 */
export function durableObjectIdStore(
  namespace: DurableObjectNamespaceLike,
  options: DurableObjectIdStoreOptions = {},
): WebhookIdStore {
  const { get, idFromName } = (namespace ?? {}) as Partial<DurableObjectNamespaceLike>;
  if (typeof get !== "function" || typeof idFromName !== "function") {
    throw new ConfigurationError(
      "durableObjectIdStore: expected a Durable Object namespace binding (env.WEBHOOK_IDS, with get and idFromName)",
    );
  }
  const prefix = options.prefix ?? "leap-webhook:";
  const send = async (request: StoreRequest): Promise<{ result?: WebhookClaim }> => {
    const stub = namespace.get(namespace.idFromName(prefix + request.id) as never);
    const response = await stub.fetch(`https://webhook-id-store/${request.op}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(request),
    });
    if (!response.ok) {
      throw new IdStoreError(
        request.op,
        "bad_answer",
        `The webhook id store's Durable Object answered ${response.status} to ${request.op}: is the namespace bound to WebhookIdStoreDurableObject?`,
      );
    }
    return (await response.json()) as { result?: WebhookClaim };
  };
  return {
    async claim(id, { token, ttlSeconds }) {
      const { result } = await send({ op: "claim", id, token, ttlSeconds });
      if (result === undefined) {
        throw new IdStoreError(
          "claim",
          "bad_answer",
          "The webhook id store's Durable Object gave no claim result",
        );
      }
      return result;
    },
    async complete(id, { token, ttlSeconds }) {
      await send({ op: "complete", id, token, ttlSeconds });
    },
    async release(id, { token }) {
      await send({ op: "release", id, token });
    },
  };
}
