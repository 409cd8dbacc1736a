import { startReceiver } from "../shared/receiver-processes";
import { describeReceiversSharingAStore } from "../shared/receivers-sharing-a-store";
import type { ClientLibrary } from "./redis-clients";
import { startRedisServer } from "./redis-server";

// The shared receivers' proofs on one real redis-server (on its unix socket), two receivers on node-redis and
// two on ioredis.
const script = new URL("./receiver-process.mjs", import.meta.url);

describeReceiversSharingAStore<ClientLibrary>({
  name: "one Redis",
  libraries: ["node-redis", "ioredis"],
  start: async () => {
    const redis = await startRedisServer();
    return {
      startReceiver: (library, settings) =>
        startReceiver(script, { REDIS_SOCKET: redis.socket, REDIS_CLIENT: library }, settings),
      stop: () => redis.stop(),
    };
  },
});
