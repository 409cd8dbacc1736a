import { type AddressInfo, createServer } from "node:net";

/**
 * A port free on 127.0.0.1 right now, for a server that cannot be told to pick one and say which (postgres,
 * redis-server). Another process may take it before the server binds it: callers retry on that.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
