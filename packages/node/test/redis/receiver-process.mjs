// A many-receivers instance on Redis: redisIdStore on REDIS_SOCKET through REDIS_CLIENT's library.
import { redisIdStore } from "@leap-workflows/node";
import { Redis } from "ioredis";
import { createClient } from "redis";
import { serveReceiver } from "../shared/serve-receiver.mjs";

const path = process.env.REDIS_SOCKET ?? "";
const client =
  process.env.REDIS_CLIENT === "ioredis"
    ? new Redis({ path })
    : await createClient({ socket: { path, tls: false } }).connect();
serveReceiver(redisIdStore({ client }));
