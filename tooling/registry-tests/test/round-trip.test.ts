import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { node26 } from "@leap-workflows/node-26";
import { describe, expect, inject, test } from "vitest";
import { consumerEnv, type Registry, release, root, sh } from "./registry";

const published = inject("published");
const registry = { url: published.registry, npmrc: published.npmrc, token: published.token } as Registry;
const { versions } = published;
const run = promisify(execFile);

// What a user's script does: start the dev server it installed, run a workflow and wait for it, and take the
// finished run at a verified webhook (node's handler checks the signature with the server's secret).
const consumerScript = `import { createServer } from "node:http";
import { Workflows, webhookHandler } from "@leap-workflows/node";
import { verifyWebhook } from "@leap-workflows/edge";
import { createDevServer } from "@leap-workflows/dev-server";

const dev = await createDevServer({ webhookRetryDelays: [0.1, 0.1, 0.1] });
let delivered;
const webhook = new Promise((resolve) => { delivered = resolve; });
const receiver = createServer(webhookHandler(dev.webhookSecret, (run) => delivered(run)));
await new Promise((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const leap = new Workflows({ apiKey: "leap_dev_key", baseUrl: dev.url });
const done = await leap.runAndWait(
  { workflow_id: "wkf_echo", inputs: { from: "registry" }, webhook_url: "http://127.0.0.1:" + receiver.address().port + "/" },
  { initialInterval: 10 },
);
const hooked = await webhook;
receiver.close();
await dev.close();
console.log(JSON.stringify({ node: process.versions.node, status: done.status, output: done.output, webhook: hooked.id === done.id, edge: typeof verifyWebhook }));
`;

function consumer(name: string): string {
  const dir = mkdtempSync(join(published.dir, `${name}-`));
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: `consumer-${name}`, private: true, type: "module" }),
  );
  writeFileSync(join(dir, ".npmrc"), registry.npmrc);
  writeFileSync(join(dir, "check.mjs"), consumerScript);
  return dir;
}

async function check(dir: string, node: string): Promise<unknown> {
  const { stdout } = await run(node, ["check.mjs"], { cwd: dir, env: consumerEnv });
  return JSON.parse(stdout);
}

const installed = (dir: string, name: string) =>
  (
    JSON.parse(readFileSync(join(dir, "node_modules/@leap-workflows", name, "package.json"), "utf8")) as {
      version: string;
    }
  ).version;

// better-sqlite3's install script downloads a prebuilt binary or compiles one (minutes, where downloads are
// blocked); the Node 20 consumer links the workspace's built copy for that one documented step
// (`npm install --save-dev better-sqlite3`) and skips the script. Our own packages have no install scripts.
const npmQuiet = ["--no-audit", "--no-fund", "--loglevel=error", "--ignore-scripts"];
const builtSqlite = realpathSync(join(root, "packages/dev-server/node_modules/better-sqlite3"));

describe.sequential("a release through a registry", () => {
  const projects: { npm?: string; pnpm?: string } = {};

  test("npm: a consumer installs node, edge and dev-server by version, runs and waits, and verifies a webhook", async () => {
    const dir = consumer("npm");
    projects.npm = dir;
    await sh(
      "npm",
      [
        "install",
        ...npmQuiet,
        `@leap-workflows/node@${versions.node}`,
        `@leap-workflows/edge@${versions.edge}`,
      ],
      { cwd: dir },
    );
    await sh(
      "npm",
      [
        "install",
        ...npmQuiet,
        "--save-dev",
        `@leap-workflows/dev-server@${versions["dev-server"]}`,
        `file:${builtSqlite}`,
      ],
      { cwd: dir },
    );
    expect(installed(dir, "node")).toBe(versions.node);
    expect(installed(dir, "core")).toBe(versions.core);
    expect(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).dependencies).toMatchObject({
      "@leap-workflows/node": `^${versions.node}`,
    });
    expect(await check(dir, process.execPath)).toMatchObject({
      node: process.versions.node,
      status: "completed",
      output: { from: "registry" },
      webhook: true,
      edge: "function",
    });
  });

  // On Node 26 the dev server uses node:sqlite: installing it brings no better-sqlite3 and compiles nothing.
  test.skipIf(node26 === undefined)(
    "pnpm: on Node 26 the same packages install with nothing to compile, and the same script passes",
    async () => {
      const dir = consumer("pnpm");
      projects.pnpm = dir;
      // pnpm holds back versions published less than a day ago (minimumReleaseAge); ours are seconds old.
      writeFileSync(join(dir, "pnpm-workspace.yaml"), "minimumReleaseAge: 0\n");
      // pnpm saves an exact version as given (npm saves ^version): ask for the caret range npm would write.
      await sh(
        "pnpm",
        ["add", `@leap-workflows/node@^${versions.node}`, `@leap-workflows/edge@^${versions.edge}`],
        { cwd: dir },
      );
      await sh("pnpm", ["add", "--save-dev", `@leap-workflows/dev-server@^${versions["dev-server"]}`], {
        cwd: dir,
      });
      expect(installed(dir, "node")).toBe(versions.node);
      expect(
        readdirSync(join(dir, "node_modules/.pnpm")).filter((entry) => entry.startsWith("better-sqlite3")),
      ).toEqual([]);
      expect(await check(dir, node26 as string)).toMatchObject({
        node: expect.stringMatching(/^26\./),
        status: "completed",
        webhook: true,
      });
      // The same install on Node 20, which has no node:sqlite: the dev server says what to add, and stops.
      const cli = join(dir, "node_modules/@leap-workflows/dev-server/dist/cli.js");
      const failed = await run(process.execPath, [cli, "--port", "0", "--data", ":memory:"], {
        cwd: dir,
        env: consumerEnv,
        // Should it start after all (a better-sqlite3 found somewhere), stop it and fail on the message below.
        timeout: 30_000,
      }).then(
        (ran) => ({ code: 0, stderr: `it ran:\n${ran.stdout}\n${ran.stderr}` }),
        (error: { code: number; stderr: string }) => error,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toMatch(/no node:sqlite.*npm install --save-dev better-sqlite3/);
    },
  );

  test("a patch of one package releases all four at one version; node pins that core; ^ ranges pick it up; the changelog ships", async () => {
    // Only the dev server changed, yet all four move together (one changesets `fixed` group), so a consumer
    // never holds a node or edge pinned to another core than the dev server's.
    const next = await release(published.copy, registry, {
      name: "patch-through-a-registry",
      bump: "patch",
      summary: "A patch published through the registry round trip.",
      packages: ["dev-server"],
    });
    expect(next.node).not.toBe(versions.node);
    expect(new Set(Object.values(versions)).size).toBe(1);
    expect(Object.values(next)).toEqual(Object.values(next).map(() => next.core));
    for (const name of ["node", "edge", "dev-server"]) {
      const manifest = JSON.parse(
        await sh("npm", ["view", `@leap-workflows/${name}@${next[name]}`, "dependencies", "--json"], {
          cwd: projects.npm ?? root,
          env: { npm_config_registry: registry.url },
        }),
      ) as Record<string, string>;
      expect(manifest["@leap-workflows/core"], name).toBe(next.core);
    }
    const view = JSON.parse(
      await sh("npm", ["view", "@leap-workflows/node", "versions", "--json"], {
        cwd: projects.npm ?? root,
        env: { npm_config_registry: registry.url },
      }),
    ) as string[];
    expect(view).toEqual(expect.arrayContaining([versions.node, next.node]));

    const npmDir = projects.npm as string;
    await sh("npm", ["update", ...npmQuiet], { cwd: npmDir });
    expect(installed(npmDir, "node")).toBe(next.node);
    expect(installed(npmDir, "dev-server")).toBe(next["dev-server"]);
    // One core for all: npm found no reason to nest a second copy under any package.
    expect(installed(npmDir, "core")).toBe(next.core);
    const cores = await sh("npm", ["ls", "@leap-workflows/core", "--all", "--parseable"], { cwd: npmDir });
    expect(new Set(cores.trim().split("\n")).size).toBe(1);
    expect(await check(npmDir, process.execPath)).toMatchObject({ status: "completed", webhook: true });
    if (projects.pnpm) {
      await sh("pnpm", ["update"], { cwd: projects.pnpm });
      expect(installed(projects.pnpm, "node")).toBe(next.node);
    }

    // The installed tarballs carry the CHANGELOGs that `changeset version` wrote, with both releases; the
    // patch's note is the dev server's, and node's changelog names the new version too.
    const changelog = (name: string) =>
      readFileSync(join(npmDir, "node_modules/@leap-workflows", name, "CHANGELOG.md"), "utf8");
    expect(changelog("dev-server")).toContain(`## ${next["dev-server"]}`);
    expect(changelog("dev-server")).toContain("A patch published through the registry round trip.");
    expect(changelog("node")).toContain(`## ${next.node}`);
    expect(changelog("node")).toContain(`## ${versions.node}`);
    expect(changelog("node")).toContain("Published through the registry round trip.");
  });
});
