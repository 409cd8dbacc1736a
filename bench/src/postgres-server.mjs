// A throwaway PostgreSQL server for the receivers section: Debian's initdb and postgres (as `nobody` when run
// as root, which they refuse), on a free 127.0.0.1 port, durability off. Tests use test-kit's TypeScript twin.
import { execFileSync, spawn } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = "/usr/lib/postgresql";

export async function startPostgres(port) {
  const version = existsSync(ROOT)
    ? readdirSync(ROOT)
        .filter((name) => existsSync(join(ROOT, name, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))[0]
    : undefined;
  if (version === undefined) throw new Error("PostgreSQL not found: apt-get install postgresql");
  const bin = join(ROOT, version, "bin");
  const id = (flag) => Number(execFileSync("id", [flag, "nobody"], { encoding: "utf8" }).trim());
  const user = process.getuid?.() === 0 ? { uid: id("-u"), gid: id("-g") } : {};
  const dir = mkdtempSync(join(tmpdir(), "leap-bench-postgres-"));
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid);
  const data = join(dir, "data");
  execFileSync(
    join(bin, "initdb"),
    ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "--locale=C"],
    {
      stdio: "pipe",
      ...user,
    },
  );
  const settings = [
    `port=${port}`,
    "listen_addresses=127.0.0.1",
    `unix_socket_directories=${dir}`,
    "fsync=off",
  ];
  const args = ["-D", data, ...settings.flatMap((setting) => ["-c", setting])];
  const child = spawn(join(bin, "postgres"), args, { stdio: ["ignore", "pipe", "pipe"], ...user });
  await new Promise((resolve, reject) => {
    let seen = "";
    const onData = (chunk) => {
      seen += chunk;
      if (/ready to accept connections/.test(seen)) resolve();
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`postgres exited with ${code}:\n${seen}`)));
  });
  child.stdout.resume();
  child.stderr.resume();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGQUIT"); // immediate shutdown: ends the backends too
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
