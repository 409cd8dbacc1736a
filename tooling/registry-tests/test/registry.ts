import { type ChildProcess, execFile, spawn } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

export const root = fileURLToPath(new URL("../../../", import.meta.url));
/** The packages we publish, by folder. */
export const PUBLIC_PACKAGES = ["core", "node", "edge", "dev-server"] as const;
/** The workspace's own tools (pnpm, changeset) first on PATH, as `pnpm run` gives a script. */
export const PATH = `${root}node_modules/.bin:${process.env.PATH ?? ""}`;

/**
 * The environment of a process in a consumer project: no NODE_PATH, which pnpm's bin shims set to the
 * workspace's hoisted packages (a consumer would find the workspace's better-sqlite3 through it).
 */
export const consumerEnv: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => name !== "NODE_PATH"),
);

/** Runs a command, failing with its output (a failed install or publish is unreadable without it). */
export async function sh(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<string> {
  try {
    const { stdout } = await execFileAsync(command, args, {
      cwd: options.cwd,
      env: { ...consumerEnv, PATH, NO_COLOR: "1", ...options.env },
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(
      `${command} ${args.join(" ")} failed in ${options.cwd}:\n${stdout ?? ""}\n${stderr ?? ""}`,
    );
  }
}

/** A Verdaccio on 127.0.0.1 (a free port), with its own storage and one user. */
export interface Registry {
  url: string;
  token: string;
  /** `.npmrc` lines that point npm and pnpm at this registry with this user's token. */
  npmrc: string;
  stop(): Promise<void>;
}

// @leap-workflows/* live only here (publish needs the token); everything else (zod, undici, ...) is fetched
// from the public registry through the uplink, as a company's registry proxy would.
const config = (storage: string) => `storage: ${storage}
auth:
  htpasswd:
    file: ${storage}/htpasswd
    max_users: 1
uplinks:
  npmjs:
    url: https://registry.npmjs.org/
    timeout: 60s
    # By default two failed fetches mark the uplink offline for five minutes, so one slow answer on a busy
    # machine would turn every later install into a 404: keep asking instead.
    max_fails: 1000
    fail_timeout: 1s
packages:
  "@leap-workflows/*":
    access: $all
    publish: $authenticated
    unpublish: $authenticated
  "**":
    access: $all
    publish: $authenticated
    proxy: npmjs
log: { type: stdout, format: pretty, level: warn }
server:
  keepAliveTimeout: 5
`;

const serve = `
const { runServer } = require("verdaccio");
runServer(process.argv[1]).then((server) =>
  server.listen(0, "127.0.0.1", () => console.log("VERDACCIO_PORT=" + server.address().port)),
);`;

/** Starts Verdaccio (in a child process, so its logs and CPU stay out of the test's process). */
export async function startRegistry(dir: string): Promise<Registry> {
  const storage = join(dir, "storage");
  mkdirSync(storage, { recursive: true });
  const configFile = join(dir, "config.yaml");
  writeFileSync(configFile, config(storage));
  const child: ChildProcess = spawn(process.execPath, ["-e", serve, configFile], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const port = await new Promise<string>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /VERDACCIO_PORT=(\d+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    child.once("exit", (code) => reject(new Error(`Verdaccio exited with ${code}:\n${output}`)));
  });
  const url = `http://127.0.0.1:${port}/`;
  // Verdaccio's npm-adduser endpoint creates the user in the htpasswd file and answers its token.
  const response = await fetch(`${url}-/user/org.couchdb.user:leap`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "leap", password: "leap-registry-test", email: "leap@example.com" }),
  });
  const { token } = (await response.json()) as { token?: string };
  if (!token) throw new Error(`Verdaccio gave no token (${response.status}):\n${output}`);
  return {
    url,
    token,
    npmrc: `registry=${url}\n//127.0.0.1:${port}/:_authToken=${token}\n`,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/**
 * A copy of the workspace's release inputs (root manifest, changesets, the four built packages) in its own git
 * repository, so `changeset version` and `changeset publish` run as in the repo and leave the repo untouched.
 */
export async function copyWorkspace(dir: string, registry: Registry): Promise<string> {
  const copy = join(dir, "workspace");
  mkdirSync(copy, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Record<string, unknown>;
  writeFileSync(
    join(copy, "package.json"),
    JSON.stringify({ name: manifest.name, private: true, packageManager: manifest.packageManager }, null, 2),
  );
  writeFileSync(join(copy, "pnpm-workspace.yaml"), "packages:\n  - packages/*\n");
  writeFileSync(join(copy, ".npmrc"), registry.npmrc);
  cpSync(join(root, ".changeset"), join(copy, ".changeset"), { recursive: true });
  // The private apps it ignores are not in the copy, and changesets rejects ignoring a package it cannot find.
  const changesets = JSON.parse(readFileSync(join(copy, ".changeset/config.json"), "utf8"));
  writeFileSync(join(copy, ".changeset/config.json"), JSON.stringify({ ...changesets, ignore: [] }, null, 2));
  for (const name of PUBLIC_PACKAGES) {
    for (const entry of ["package.json", "README.md", "LICENSE", "dist"]) {
      cpSync(join(root, "packages", name, entry), join(copy, "packages", name, entry), { recursive: true });
    }
    // Dev dependencies (test helpers, other workspace packages) play no part in what a consumer installs, and
    // dropping them spares the copy an install.
    const file = join(copy, "packages", name, "package.json");
    const { devDependencies: _dev, ...published } = JSON.parse(readFileSync(file, "utf8"));
    writeFileSync(file, JSON.stringify(published, null, 2));
    // pnpm publish reads the version behind `workspace:*` from the linked package, as `pnpm install` links it.
    for (const dependency of Object.keys(published.dependencies ?? {})) {
      const sibling = dependency.replace("@leap-workflows/", "");
      if (!dependency.startsWith("@leap-workflows/")) continue;
      mkdirSync(join(copy, "packages", name, "node_modules/@leap-workflows"), { recursive: true });
      symlinkSync(`../../../${sibling}`, join(copy, "packages", name, "node_modules", dependency));
    }
  }
  writeFileSync(join(copy, ".gitignore"), "node_modules\n");
  await sh("git", ["init", "-q", "-b", "main"], { cwd: copy });
  await commitAll(copy, "the workspace as released");
  return copy;
}

async function commitAll(cwd: string, message: string): Promise<void> {
  await sh("git", ["add", "-A"], { cwd });
  await sh("git", ["-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-qm", message], {
    cwd,
  });
}

/**
 * The project's release flow: a changeset naming `packages` (all four unless told), `changeset version`,
 * `changeset publish`; answers the versions.
 */
export async function release(
  copy: string,
  registry: Registry,
  changeset: {
    name: string;
    bump: "patch" | "minor";
    summary: string;
    packages?: readonly (typeof PUBLIC_PACKAGES)[number][];
  },
): Promise<Record<string, string>> {
  const frontmatter = (changeset.packages ?? PUBLIC_PACKAGES)
    .map((name) => `"@leap-workflows/${name}": ${changeset.bump}`)
    .join("\n");
  writeFileSync(
    join(copy, ".changeset", `${changeset.name}.md`),
    `---\n${frontmatter}\n---\n\n${changeset.summary}\n`,
  );
  const env = { npm_config_registry: registry.url };
  await sh("changeset", ["version"], { cwd: copy, env });
  await commitAll(copy, `release ${changeset.name}`);
  await sh("changeset", ["publish"], { cwd: copy, env });
  return Object.fromEntries(
    PUBLIC_PACKAGES.map((name) => {
      const file = join(copy, "packages", name, "package.json");
      return [name, (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version];
    }),
  );
}
