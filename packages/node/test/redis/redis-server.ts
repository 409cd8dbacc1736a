import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@leap-workflows/test-kit/free-port";

/** A real redis-server of its own, on a unix socket in a temp dir (no TCP port, nothing written to disk). */
export interface RedisServer {
  socket: string;
  /** Its TCP port on 127.0.0.1 when started with `{ tcp: true }`, else 0. */
  port: number;
  stop(): Promise<void>;
}

const INSTALL_HELP =
  "redis-server was not found on PATH: the Redis id-store tests need a real server. " +
  "Install Debian's package: apt-get install redis-server";

function findRedisServer(): string {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
    return "redis-server";
  } catch {
    throw new Error(INSTALL_HELP);
  }
}

/**
 * Starts redis-server and waits until it accepts connections; fails (never skips) where it is missing.
 * With `{ tcp: true }` it also listens on 127.0.0.1 (a port found free; another process taking it first
 * makes this retry).
 */
export async function startRedisServer(options: { tcp?: boolean } = {}): Promise<RedisServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options.tcp ? await freePort() : 0);
    } catch (error) {
      if (!options.tcp || attempt === 5 || String(error).includes("apt-get")) throw error;
    }
  }
}

async function startOnce(port: number): Promise<RedisServer> {
  const binary = findRedisServer();
  const dir = mkdtempSync(join(tmpdir(), "leap-redis-"));
  const socket = join(dir, "redis.sock");
  const child: ChildProcess = spawn(
    binary,
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--unixsocket",
      socket,
      "--unixsocketperm",
      "700",
      "--save",
      "",
      "--appendonly",
      "no",
      "--dir",
      dir,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  await new Promise<void>((resolve, reject) => {
    let seen = "";
    const onData = (chunk: Buffer) => {
      seen += chunk;
      if (/ready to accept connections/i.test(seen)) resolve();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`redis-server exited with ${code}:\n${seen}`)));
  });
  return {
    socket,
    port,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGKILL");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
