import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port";

/** A real PostgreSQL server of its own: a fresh cluster in a temp dir, on 127.0.0.1 and a unix socket there. */
export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication, no password). */
  url: string;
  port: number;
  /** The folder holding the unix socket (`.s.PGSQL.<port>`): the `host` for clients that take a socket dir. */
  socketDir: string;
  /** The postmaster's process id. */
  pid: number;
  /**
   * Sends `signal` to the postmaster and every process it started (each backend leads its own process group,
   * so a group signal would miss them): `SIGSTOP` makes the whole server stop answering, `SIGKILL` ends it.
   */
  signalAll(signal: NodeJS.Signals): void;
  /** Stops the server at once (immediate shutdown) and deletes its folder. Safe to call twice. */
  stop(): Promise<void>;
}

/** Options of `startPostgresServer`. */
export interface StartPostgresOptions {
  /** Where to look for `initdb` and `postgres`. @default the newest /usr/lib/postgresql/<version>/bin, then PATH */
  binDir?: string | undefined;
}

const INSTALL_HELP =
  "PostgreSQL's initdb and postgres were not found (looked in /usr/lib/postgresql/*/bin and on PATH): the " +
  "PostgreSQL id-store tests need a real server. Install Debian's package: apt-get install postgresql";

/** The folder of `initdb` and `postgres`: Debian keeps them per major version, off PATH. */
export function findPostgresBinDir(root = "/usr/lib/postgresql"): string {
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(join(root, name, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0] !== undefined) return join(root, versions[0], "bin");
  try {
    const initdb = execFileSync("sh", ["-c", "command -v initdb"], { encoding: "utf8" }).trim();
    if (initdb !== "") return initdb.slice(0, initdb.lastIndexOf("/"));
  } catch {
    // not on PATH either
  }
  throw new Error(INSTALL_HELP);
}

/**
 * Who runs the server: initdb and postgres refuse to run as root, so as root they run as `nobody`
 * (Node's spawn switches user and drops supplementary groups); anyone else runs them as themselves.
 */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync("id", [flag, "nobody"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

/**
 * Starts a fresh PostgreSQL cluster (initdb, then postgres) and waits until it accepts connections; fails,
 * never skips, where PostgreSQL is missing, saying how to install it. The cluster trades durability for
 * speed (fsync off): tests only. Another process taking the chosen port first makes it retry.
 */
export async function startPostgresServer(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const binDir = options.binDir ?? findPostgresBinDir();
  if (!existsSync(join(binDir, "initdb")) || !existsSync(join(binDir, "postgres")))
    throw new Error(INSTALL_HELP);
  const user = serverUser();
  const dir = mkdtempSync(join(tmpdir(), "leap-postgres-"));
  if (user !== undefined) chownSync(dir, user.uid, user.gid);
  const data = join(dir, "data");
  try {
    execFileSync(
      join(binDir, "initdb"),
      ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "--encoding=UTF8", "--locale=C"],
      { stdio: "pipe", ...user },
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const output = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    throw new Error(`initdb failed:\n${output}`);
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(binDir, dir, data, await freePort(), user);
    } catch (error) {
      if (attempt === 5 || !/could not bind|already in use/i.test(String(error))) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
}

/** `process.kill` where a process already gone is fine. */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** The processes whose parent is `pid` (Linux's /proc). */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (comm) state ppid ...": comm may hold spaces, so read after its closing parenthesis.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return children;
}

/**
 * A killed postmaster leaves its (small) System V shared memory segment behind, which a clean shutdown
 * removes: its id is on the 7th line of postmaster.pid, a file a clean shutdown deletes too.
 */
function removeSharedMemory(data: string): void {
  let shmid: string | undefined;
  try {
    shmid = readFileSync(join(data, "postmaster.pid"), "utf8").split("\n")[6]?.trim().split(/\s+/)[1];
  } catch {
    return; // shut down cleanly
  }
  if (shmid === undefined || !/^\d+$/.test(shmid)) return;
  try {
    execFileSync("ipcrm", ["-m", shmid], { stdio: "ignore" });
  } catch {
    // gone already, or ipcrm missing: a segment of a few bytes stays
  }
}

/** Signals the postmaster and its children. */
function signalServer(pid: number, name: NodeJS.Signals): void {
  for (const child of childrenOf(pid)) signal(child, name);
  signal(pid, name);
}

async function startOnce(
  binDir: string,
  dir: string,
  data: string,
  port: number,
  user: { uid: number; gid: number } | undefined,
): Promise<PostgresServer> {
  const settings = {
    listen_addresses: "127.0.0.1",
    port: String(port),
    unix_socket_directories: dir,
    fsync: "off",
    synchronous_commit: "off",
    full_page_writes: "off",
    max_connections: "200",
  };
  const args = [
    "-D",
    data,
    ...Object.entries(settings).flatMap(([name, value]) => ["-c", `${name}=${value}`]),
  ];
  const child: ChildProcess = spawn(join(binDir, "postgres"), args, {
    stdio: ["ignore", "pipe", "pipe"],
    ...user,
  });
  await new Promise<void>((resolve, reject) => {
    let seen = "";
    const onData = (chunk: Buffer) => {
      seen += chunk;
      if (/database system is ready to accept connections/.test(seen)) resolve();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`postgres exited with ${code}:\n${seen}`)));
  });
  // Keep reading its log, or a full pipe would block the server.
  child.stdout?.resume();
  child.stderr?.resume();
  const pid = child.pid ?? 0;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    socketDir: dir,
    pid,
    signalAll: (name) => signalServer(pid, name),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        // SIGQUIT is PostgreSQL's immediate shutdown (it ends the backends and frees its shared memory); a
        // server stopped by a test is continued first. SIGKILL to every process of it is the fallback.
        signalServer(pid, "SIGCONT");
        signal(pid, "SIGQUIT");
        const fallback = setTimeout(() => signalServer(pid, "SIGKILL"), 10_000);
        await exited;
        clearTimeout(fallback);
      }
      removeSharedMemory(data);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
