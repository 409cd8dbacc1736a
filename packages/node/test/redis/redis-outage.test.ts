import { Redis } from "ioredis";
import { createClient } from "redis";
import { afterEach, describe, test } from "vitest";
import { redisIdStore } from "../../src/index";
import { type HeldReceiver, proveOutageAnswers, startHeldReceiver } from "../store-outage";
import { type RedisServer, startRedisServer } from "./redis-server";

// The clients as the webhooks guide connects them, with their defaults: ioredis queues commands while it
// reconnects (without the store timeout, deliveries would wait for Redis to come back), node-redis reports.
const connect = {
  ioredis: async (url: string) => {
    const redis = new Redis(url);
    redis.on("error", () => {}); // ioredis prints each failed reconnect otherwise
    return { client: redis, close: async () => redis.disconnect() };
  },
  "node-redis": async (url: string) => {
    const redis = createClient({ url });
    redis.on("error", () => {}); // unheard, a lost connection would end the process
    await redis.connect();
    return { client: redis, close: async () => redis.destroy() };
  },
};

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe.each(["ioredis", "node-redis"] as const)(
  "redis-server killed in the middle of onRun (%s)",
  (library) => {
    test("every delivery in flight and every new one is answered within 6 s; 5xx where the sender must retry", async () => {
      const server: RedisServer = await startRedisServer({ tcp: true });
      let stopped: Promise<void> | undefined;
      const stop = () => {
        stopped ??= server.stop();
        return stopped;
      };
      cleanup.push(stop);
      const { client, close } = await connect[library](`redis://127.0.0.1:${server.port}`);
      cleanup.push(close);
      const receiver: HeldReceiver = await startHeldReceiver(redisIdStore({ client }));
      cleanup.push(() => receiver.close());
      await proveOutageAnswers(receiver, stop);
    }, 60_000);
  },
);
