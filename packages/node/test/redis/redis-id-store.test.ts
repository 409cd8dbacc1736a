import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ConfigurationError, LeapError, redisIdStore } from "../../src/index";
import { testIdStoreContract } from "../shared/id-store-contract";
import { CLIENT_LIBRARIES, type ConnectedClient, connectClient } from "./redis-clients";
import { type RedisServer, startRedisServer } from "./redis-server";

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(() => server?.stop());

describe.each(CLIENT_LIBRARIES)("redisIdStore with %s against a real redis-server", (library) => {
  let connected: ConnectedClient;
  let other: ConnectedClient;
  beforeAll(async () => {
    connected = await connectClient(library, server.socket);
    other = await connectClient(library, server.socket);
  });
  afterAll(async () => {
    await connected?.close();
    await other?.close();
  });
  const id = (name: string) => `${library}-${name}`;

  test("claim wins once; copies are in progress, then duplicates once completed, for the dedupe TTL", async () => {
    const store = redisIdStore({ client: connected.client });
    expect(await store.claim(id("a"), { token: "t1", ttlSeconds: 60 })).toBe("claimed");
    expect(await store.claim(id("a"), { token: "t2", ttlSeconds: 60 })).toBe("in-progress");
    const claimTtl = Number(await connected.command(["PTTL", `leap:webhook:${id("a")}`]));
    expect(claimTtl).toBeGreaterThan(0);
    expect(claimTtl).toBeLessThanOrEqual(60_000);
    await store.complete(id("a"), { token: "t1", ttlSeconds: 3600 });
    expect(await store.claim(id("a"), { token: "t3", ttlSeconds: 60 })).toBe("duplicate");
    const doneTtl = Number(await connected.command(["PTTL", `leap:webhook:${id("a")}`]));
    expect(doneTtl).toBeGreaterThan(60_000);
    expect(doneTtl).toBeLessThanOrEqual(3_600_000);
  });

  testIdStoreContract({
    store: "Redis",
    connections: "connections",
    // A custom key prefix, so that the contract proves the option too.
    stores: () => [
      redisIdStore({ client: connected.client, keyPrefix: "custom:" }),
      redisIdStore({ client: other.client, keyPrefix: "custom:" }),
    ],
    expectClaimedBy: async (key, token) =>
      expect(await connected.command(["GET", `custom:${key}`])).toBe(`claim:${token}`),
    id,
  });
});

test("a client of neither library is refused with a ConfigurationError (a LeapError) naming both", () => {
  expect(() => redisIdStore({ client: {} as never })).toThrow(/node-redis client .* ioredis client/);
  for (const options of [{ client: {} }, { client: undefined }, undefined]) {
    const error = (() => {
      try {
        redisIdStore(options as never);
      } catch (caught) {
        return caught;
      }
    })();
    expect(ConfigurationError.isInstance(error) && LeapError.isInstance(error), String(error)).toBe(true);
  }
});

test("where redis-server is missing, the Redis tests fail saying how to install it (never skip)", async () => {
  const path = process.env.PATH;
  process.env.PATH = "/nonexistent";
  try {
    await expect(startRedisServer()).rejects.toThrow(/apt-get install redis-server/);
  } finally {
    process.env.PATH = path;
  }
});
