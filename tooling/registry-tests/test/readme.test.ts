import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, expect, inject, test } from "vitest";
import { consumerEnv, PATH, PUBLIC_PACKAGES, root, sh } from "./registry";

const published = inject("published");
const run = promisify(execFile);
const readme = readFileSync(join(root, "README.md"), "utf8");

interface Block {
  lang: string;
  code: string;
}

/** The fenced code blocks of a markdown section (from its heading to the next heading of any level). */
function blocksOf(heading: string): Block[] {
  const start = readme.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README has no "${heading}" section`);
  const rest = readme.slice(start + heading.length + 2);
  const section = rest.slice(0, rest.search(/^#{1,6} /m) >>> 0);
  return [...section.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((match) => ({
    lang: match[1] ?? "",
    code: match[2] ?? "",
  }));
}

const commandsOf = (blocks: Block[]) =>
  blocks
    .filter((block) => block.lang === "sh")
    .flatMap((block) => block.code.split("\n"))
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter((line) => line !== "");

// The workspace's built better-sqlite3: from the registry it would compile for minutes where its prebuilt
// binaries cannot be downloaded. Everything else installs from the test registry as written.
const builtSqlite = realpathSync(join(root, "packages/dev-server/node_modules/better-sqlite3"));
const servers: ChildProcess[] = [];
// Each server leads a process group of its own (spawned `detached`), and the whole group is stopped: npx runs the
// bin in a child of its own, which a signal to npx alone would leave running.
afterAll(async () => {
  const running = servers.filter((server) => server.exitCode === null && server.signalCode === null);
  const exits = running.map((server) => new Promise((resolve) => server.once("exit", resolve)));
  for (const server of running) process.kill(-(server.pid as number), "SIGTERM");
  await Promise.all(exits);
});

test("the README's Quick start, followed literally, installs from the registry, starts the dev server and runs", async () => {
  const project = mkdtempSync(join(published.dir, "readme-"));
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "readme-reader", private: true }));
  writeFileSync(join(project, ".npmrc"), published.npmrc);
  const blocks = blocksOf("## Quick start");

  // Code blocks name their file on their first line (`// my-script.mjs`), as the text tells the reader to save them.
  for (const block of blocks.filter((block) => block.lang !== "sh")) {
    const file = /^\/\/ ([\w.-]+\.(?:mjs|js|cjs))\n/.exec(block.code)?.[1];
    expect(
      file,
      `a ${block.lang} block in Quick start has no "// file.mjs" first line:\n${block.code}`,
    ).toBeTruthy();
    writeFileSync(join(project, file as string), block.code);
  }

  let devUrl: string | undefined;
  let ran = 0;
  for (const command of commandsOf(blocks)) {
    const words = command.split(/\s+/);
    if (words[0] === "npm" && words[1] === "install") {
      const args = words.slice(1).map((word) => (word === "better-sqlite3" ? `file:${builtSqlite}` : word));
      await sh("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error", "--ignore-scripts"], {
        cwd: project,
      });
    } else if (command.includes("leap-workflows-dev")) {
      // The README's fixed port, as a reader uses it; here a free one (other tests run beside this one).
      const args = words.slice(1).map((word, index, all) => (all[index - 1] === "--port" ? "0" : word));
      const child = spawn(words[0] as string, args, {
        cwd: project,
        env: { ...consumerEnv, PATH },
        detached: true,
      });
      servers.push(child);
      devUrl = await new Promise<string>((resolve, reject) => {
        let output = "";
        const collect = (chunk: Buffer) => {
          output += chunk.toString();
          const match = /listening on (http:\/\/\S+)/.exec(output);
          if (match?.[1]) resolve(match[1]);
        };
        child.stdout?.on("data", collect);
        child.stderr?.on("data", collect);
        child.once("exit", (code) => reject(new Error(`${command} exited with ${code}:\n${output}`)));
      });
    } else if (/^(\w+=\S+ )+node /.test(command)) {
      expect(devUrl, "the README runs a script before starting the dev server").toBeDefined();
      const env: Record<string, string> = {};
      const rest = [...words];
      while (rest[0]?.includes("=")) {
        const [name, value] = (rest.shift() as string).split("=") as [string, string];
        env[name] = value.replace("http://127.0.0.1:4010", devUrl as string);
      }
      const { stdout } = await run(process.execPath, rest.slice(1), {
        cwd: project,
        env: { ...consumerEnv, ...env },
      });
      expect(stdout).toMatch(/^completed \{ foo: 'bar' \}/);
      ran += 1;
    } else {
      throw new Error(
        `the README's Quick start has a command this test does not know how to follow: ${command}`,
      );
    }
  }
  expect(ran).toBe(1);
  for (const name of ["node", "dev-server"]) {
    expect(existsSync(join(project, "node_modules/@leap-workflows", name, "package.json")), name).toBe(true);
  }
});

test("the installs in Quick start need no compiler on Node 22.13+: better-sqlite3 is the Node 20 line only", () => {
  const lines = commandsOf(blocksOf("## Quick start")).filter((line) => line.startsWith("npm install"));
  expect(lines.filter((line) => line.includes("better-sqlite3"))).toHaveLength(1);
  expect(readme).toMatch(/npm install --save-dev better-sqlite3 +# Node 20 only/);
});

// npm shows a package's README from its tarball: a relative link works only to a file in the tarball, and an
// absolute link to this repository must name a file that exists.
test.each(PUBLIC_PACKAGES)("the %s README's links work on npm", async (name) => {
  const unpacked = mkdtempSync(join(published.dir, `pack-${name}-`));
  const tarball = (
    await run("npm", ["pack", `@leap-workflows/${name}@${published.versions[name]}`, "--silent"], {
      cwd: unpacked,
      env: { ...consumerEnv, npm_config_registry: published.registry },
    })
  ).stdout.trim();
  await run("tar", ["-xzf", tarball], { cwd: unpacked });
  const text = readFileSync(join(unpacked, "package/README.md"), "utf8");
  const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] as string);
  expect(links.length).toBeGreaterThan(0);
  for (const link of links) {
    const repo = /^https:\/\/github\.com\/leap-workflows\/sdk\/(?:blob|tree)\/main\/([^#]+)/.exec(link);
    if (repo?.[1]) expect(existsSync(join(root, repo[1])), link).toBe(true);
    else if (!/^(https?:|mailto:|#)/.test(link)) {
      expect(existsSync(join(unpacked, "package", link.split("#")[0] as string)), link).toBe(true);
    }
  }
});

// Before a release, the README installs from packed tarballs. The clone, install and build lines are what this
// workspace already did; the pack line runs here (into a temporary folder, not the repository), and the install
// line in a fresh project, which then runs the Quick start's script against a dev server.
test("the README's install before the first release: packed tarballs install together and work", async () => {
  const lines = commandsOf(blocksOf("### Before the first release"));
  const pack = lines.find((line) => line.includes(" pack "));
  const install = lines.find((line) => line.includes("npm install"));
  expect(pack).toBeDefined();
  expect(install).toMatch(/^cd \/path\/to\/your-project && npm install \/path\/to\/sdk\/tarballs\/\*\.tgz$/);
  const tarballs = mkdtempSync(join(published.dir, "tarballs-"));
  const project = mkdtempSync(join(published.dir, "before-release-"));
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "early-reader", private: true }));
  writeFileSync(join(project, ".npmrc"), published.npmrc);
  await sh("bash", ["-c", (pack as string).replace('"$PWD/tarballs"', tarballs)], { cwd: root });
  await sh(
    "bash",
    [
      "-c",
      `${(install as string).replaceAll("/path/to/your-project", project).replaceAll("/path/to/sdk/tarballs", tarballs)} --no-audit --no-fund --loglevel=error`,
    ],
    { cwd: root },
  );
  const script = blocksOf("## Quick start").find((block) => block.code.startsWith("// my-script.mjs"));
  writeFileSync(join(project, "my-script.mjs"), script?.code ?? "");
  // The Node 20 step, with the workspace's built copy (see above), then the dev server the tarballs installed.
  await sh("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", `file:${builtSqlite}`], {
    cwd: project,
  });
  const server = spawn(
    process.execPath,
    ["node_modules/@leap-workflows/dev-server/dist/cli.js", "--port", "0", "--data", ":memory:"],
    { cwd: project, env: consumerEnv, detached: true },
  );
  servers.push(server);
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    server.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    server.once("exit", (code) => reject(new Error(`the dev server exited with ${code}: ${output}`)));
  });
  const { stdout } = await run(process.execPath, ["my-script.mjs"], {
    cwd: project,
    env: { ...consumerEnv, LEAP_API_KEY: "leap_dev_key", LEAP_BASE_URL: url },
  });
  expect(stdout).toMatch(/^completed \{ foo: 'bar' \}/);
});
