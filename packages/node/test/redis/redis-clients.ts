import { Redis } from "ioredis";
import { Redis as RedisV5 } from "ioredis-v5";
import { createClient } from "redis";
import { createClient as createClientV5 } from "redis-v5";
import type { IORedisClientLike, NodeRedisClientLike } from "../../src/index";

/** A connected client of one library, as a user would hand it to `redisIdStore`. */
export interface ConnectedClient {
  client: NodeRedisClientLike | IORedisClientLike;
  /** Runs any command, for tests that look at the keys. */
  command(args: string[]): Promise<unknown>;
  close(): Promise<void>;
}

export type ClientLibrary = "node-redis" | "ioredis" | "node-redis v5" | "ioredis v5";
/** The current majors (v6 of both) and the previous ones, which many apps still run. */
export const CLIENT_LIBRARIES: ClientLibrary[] = ["node-redis", "ioredis", "node-redis v5", "ioredis v5"];

/** Connects a node-redis or ioredis client to a unix socket. */
export async function connectClient(library: ClientLibrary, socket: string): Promise<ConnectedClient> {
  if (library === "node-redis" || library === "node-redis v5") {
    const options = { socket: { path: socket, tls: false as const } };
    const client = library === "node-redis" ? createClient(options) : createClientV5(options);
    await client.connect();
    return {
      client,
      command: (args) => client.sendCommand(args),
      close: async () => {
        client.destroy();
      },
    };
  }
  const options = { path: socket, lazyConnect: true };
  const client = library === "ioredis" ? new Redis(options) : new RedisV5(options);
  await client.connect();
  return {
    client,
    command: ([command = "", ...args]) => client.call(command, ...args),
    close: async () => {
      client.disconnect();
    },
  };
}
