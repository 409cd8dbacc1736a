import { Redis } from "ioredis";
import { createClient } from "redis";
import type { IORedisClientLike, NodeRedisClientLike } from "../../src/index";

/** A connected client of one library, as a user would hand it to `redisIdStore`. */
export interface ConnectedClient {
  client: NodeRedisClientLike | IORedisClientLike;
  /** Runs any command, for tests that look at the keys. */
  command(args: string[]): Promise<unknown>;
  close(): Promise<void>;
}

export type ClientLibrary = "node-redis" | "ioredis";
export const CLIENT_LIBRARIES: ClientLibrary[] = ["node-redis", "ioredis"];

/** Connects node-redis (v6) or ioredis (v6) to a unix socket. */
export async function connectClient(library: ClientLibrary, socket: string): Promise<ConnectedClient> {
  if (library === "node-redis") {
    const client = createClient({ socket: { path: socket, tls: false } });
    await client.connect();
    return {
      client,
      command: (args) => client.sendCommand(args),
      close: async () => {
        client.destroy();
      },
    };
  }
  const client = new Redis({ path: socket, lazyConnect: true });
  await client.connect();
  return {
    client,
    command: ([command = "", ...args]) => client.call(command, ...args),
    close: async () => {
      client.disconnect();
    },
  };
}
