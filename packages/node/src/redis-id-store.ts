import { ConfigurationError, type WebhookIdStore } from "@leap-workflows/core";
import type { WebhookClaim } from "@leap-workflows/core/internal";

/** A node-redis client (v5 and v6 are tested): commands go through `sendCommand([...args])`. */
export interface NodeRedisClientLike {
  /** Sends one command, name first: `["SET", key, value, "NX", "PX", "60000"]`. */
  sendCommand(args: string[]): Promise<unknown>;
}

/** An ioredis client or cluster (v5 and v6 are tested): commands go through `call(command, ...args)`. */
export interface IORedisClientLike {
  /** Sends one command: `call("SET", key, value, "NX", "PX", "60000")`. */
  call(command: string, ...args: string[]): Promise<unknown>;
}

/** Options of `redisIdStore`. */
export interface RedisIdStoreOptions {
  /**
   * Your connected client: node-redis (`createClient()`, after `connect()`) or ioredis (`new Redis()`). For a
   * node-redis cluster, pass `{ sendCommand: (args) => cluster.sendCommand(args[1], false, args) }`.
   */
  client: NodeRedisClientLike | IORedisClientLike;
  /**
   * Put before each `webhook-id` to make its key. Endpoints sharing one Redis are told apart by the handler's
   * `dedupeScope` (one option for every store), not by this. @default "leap:webhook:"
   */
  keyPrefix?: string | undefined;
}

const DONE = "done";
// Deletes the key only while it still holds this attempt's claim: a late release (after the claim expired and
// another instance claimed the id, or completed it) must not free someone else's entry.
const RELEASE_SCRIPT = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end return 0`;

const milliseconds = (ttlSeconds: number) => String(Math.max(1, Math.ceil(ttlSeconds * 1000)));

function commander(client: RedisIdStoreOptions["client"]): (args: string[]) => Promise<unknown> {
  // ioredis also has a `sendCommand`, taking its own Command objects: look for its `call` first.
  if (typeof (client as Partial<IORedisClientLike> | undefined)?.call === "function") {
    const ioredis = client as IORedisClientLike;
    return ([command = "", ...args]) => ioredis.call(command, ...args);
  }
  if (typeof (client as Partial<NodeRedisClientLike> | undefined)?.sendCommand === "function") {
    const nodeRedis = client as NodeRedisClientLike;
    return (args) => nodeRedis.sendCommand(args);
  }
  throw new ConfigurationError(
    "redisIdStore: client must be a node-redis client (with sendCommand) or an ioredis client (with call)",
  );
}

/**
 * A `WebhookIdStore` on Redis, shared by every instance of your receiver: `SET NX PX` claims a
 * `webhook-id` atomically (the value names the attempt), `complete` sets it to processed for the dedupe
 * TTL, and `release` deletes it through a compare-and-delete script, only while this attempt holds it.
 *
 * ```ts
 * const redis = await createClient({ url: process.env.REDIS_URL }).connect(); // or new Redis(url) (ioredis)
 * app.post("/hooks/leap", webhookHandler(secret, onRun, { dedupe: redisIdStore({ client: redis }) }));
 * ```
 */
export function redisIdStore(options: RedisIdStoreOptions): WebhookIdStore {
  const send = commander(options?.client);
  const prefix = options.keyPrefix ?? "leap:webhook:";
  const claimValue = (token: string) => `claim:${token}`;
  return {
    async claim(id, { token, ttlSeconds }): Promise<WebhookClaim> {
      const key = prefix + id;
      const set = await send(["SET", key, claimValue(token), "NX", "PX", milliseconds(ttlSeconds)]);
      if (set !== null && set !== undefined) return "claimed";
      // Lost the race: the winner's entry says whether it is still running. (Expired in between: the
      // sender's retry of a 409 claims it.)
      return (await send(["GET", key])) === DONE ? "duplicate" : "in-progress";
    },
    async complete(id, { ttlSeconds }) {
      await send(["SET", prefix + id, DONE, "PX", milliseconds(ttlSeconds)]);
    },
    async release(id, { token }) {
      await send(["EVAL", RELEASE_SCRIPT, "1", prefix + id, claimValue(token)]);
    },
  };
}
