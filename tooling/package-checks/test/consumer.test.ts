import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { afterAll, beforeAll, expect, test } from "vitest";
import { bin, NODES, PUBLIC_PACKAGES, packageDir, root } from "./packages";

const run = promisify(execFile);
let project: string;
// pnpm's bin shims set NODE_PATH to the workspace's hoisted packages; a consumer must resolve only its own.
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== "NODE_PATH"));

// A project outside the workspace installs the packed tarballs with npm, as a user would.
beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), "leap-consumer-"));
  const tarballs: Record<string, string> = {};
  for (const name of PUBLIC_PACKAGES) {
    await run(bin("pnpm"), ["pack", "--pack-destination", project], { cwd: packageDir(name) });
    const file = readdirSync(project).find(
      (entry) => entry.startsWith(`leap-workflows-${name}-`) && entry.endsWith(".tgz"),
    );
    if (!file) throw new Error(`pnpm pack wrote no tarball for ${name}`);
    tarballs[`@leap-workflows/${name}`] = `file:./${file}`;
  }
  // better-sqlite3 is the dev server's optional peer, which a Node 20 user adds (Node 22.13+ has node:sqlite).
  // It compiles from source on install (about a minute); link the workspace's built copy instead.
  const sqlite = realpathSync(join(packageDir("dev-server"), "node_modules/better-sqlite3"));
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({
      name: "consumer",
      private: true,
      // A Node user has @types/node; the node package's types refer to node:http, as undici's do.
      dependencies: { ...tarballs, "@types/node": "^22.0.0", "better-sqlite3": `file:${sqlite}` },
      overrides: { "@leap-workflows/core": tarballs["@leap-workflows/core"] },
    }),
  );
  await run("npm", ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: project,
  });
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

test("published manifests name real versions of each other, never workspace: ranges", () => {
  for (const name of PUBLIC_PACKAGES) {
    const installed = readFileSync(
      join(project, "node_modules/@leap-workflows", name, "package.json"),
      "utf8",
    );
    expect(installed, name).not.toContain("workspace:");
  }
});

test.each(NODES)("ESM import and CJS require of every package work on %s", async (_name, node) => {
  writeFileSync(
    join(project, "esm.mjs"),
    `import { Workflows } from "@leap-workflows/node";
import { verifyWebhook } from "@leap-workflows/edge";
import { createDevServer } from "@leap-workflows/dev-server";
import { isFinal } from "@leap-workflows/core";
import { createWebhookHeaders } from "@leap-workflows/edge/testing";
const server = await createDevServer();
const leap = new Workflows({ apiKey: "leap_dev_key", baseUrl: server.url });
const run = await leap.runAndWait({ workflow_id: "wkf_echo", inputs: { esm: true } }, { initialInterval: 10 });
await server.close();
console.log(JSON.stringify({ status: run.status, final: isFinal(run.status), verify: typeof verifyWebhook, sign: typeof createWebhookHeaders }));`,
  );
  writeFileSync(
    join(project, "cjs.cjs"),
    `const { Workflows } = require("@leap-workflows/node");
const edge = require("@leap-workflows/edge");
const core = require("@leap-workflows/core");
const testing = require("@leap-workflows/node/testing");
const { createDevServer } = require("@leap-workflows/dev-server");
console.log(JSON.stringify({ node: typeof Workflows, edge: typeof edge.webhookHandler, core: typeof core.isFinal, sign: typeof testing.createWebhookHeaders, dev: typeof createDevServer }));`,
  );
  const esm = await run(node, ["esm.mjs"], { cwd: project, env });
  expect(JSON.parse(esm.stdout)).toEqual({
    status: "completed",
    final: true,
    verify: "function",
    sign: "function",
  });
  const cjs = await run(node, ["cjs.cjs"], { cwd: project, env });
  expect(JSON.parse(cjs.stdout)).toEqual({
    node: "function",
    edge: "function",
    core: "function",
    sign: "function",
    dev: "function",
  });
});

test.each([
  ["node16", "node16"],
  ["bundler", "esnext"],
])("types check under moduleResolution %s", async (resolution, module) => {
  writeFileSync(
    join(project, "check.ts"),
    `import { Workflows, type WorkflowRun, NotFoundError } from "@leap-workflows/node";
import { webhookHandler } from "@leap-workflows/edge";
import type { DevServerOptions } from "@leap-workflows/dev-server";
import { createWebhookHeaders } from "@leap-workflows/node/testing";
const leap = new Workflows({ apiKey: "k" });
export const started: Promise<WorkflowRun> = leap.run({ workflow_id: "wkf_1", inputs: { a: 1 } });
export const handler: (request: Request) => Promise<Response> = webhookHandler("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", (run) => run.status);
export const options: DevServerOptions = { port: 0 };
export const signed: Promise<Record<string, string>> = createWebhookHeaders({ secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", body: "{}" });
export const isNotFound = (error: unknown) => NotFoundError.isInstance(error);
// @ts-expect-error: workflow_id must be a string
leap.run({ workflow_id: 1 });
`,
  );
  writeFileSync(
    join(project, `tsconfig.${resolution}.json`),
    JSON.stringify({
      compilerOptions: {
        module,
        moduleResolution: resolution,
        target: "es2022",
        lib: ["es2022", "dom"],
        types: ["node"],
        strict: true,
        noEmit: true,
        skipLibCheck: false,
      },
      files: ["check.ts"],
    }),
  );
  await run(bin("tsc"), ["-p", `tsconfig.${resolution}.json`], { cwd: project }).catch(
    (error: { stdout: string }) => {
      throw new Error(`tsc under ${resolution} failed:\n${error.stdout}`);
    },
  );
});

test("the edge package bundles for a worker from the installed tarball", async () => {
  writeFileSync(
    join(project, "worker.mjs"),
    `import { verifyWebhook, Workflows } from "@leap-workflows/edge";
export default { fetch: async (request, env) => Response.json(await verifyWebhook(request, env.SECRET), { headers: { x: String(new Workflows({ apiKey: "k" }).baseUrl) } }) };`,
  );
  const result = await build({
    entryPoints: [join(project, "worker.mjs")],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    logLevel: "silent",
  });
  expect(result.outputFiles[0]?.text).toContain("webhook-signature");
});

test("npx leap-workflows-dev starts, answers, and stops", async () => {
  // npx runs the bin in a child of its own, which a signal to npx alone would leave running: the dev server
  // gets a process group of its own, and the whole group is stopped.
  const child = spawn("npx", ["--no-install", "leap-workflows-dev", "--port", "0", "--data", ":memory:"], {
    cwd: project,
    env,
    detached: true,
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      child.once("exit", (code) => reject(new Error(`exited with ${code}: ${output}`)));
    });
    const response = await fetch(`${url}/`);
    expect(await response.json()).toMatchObject({
      name: "leap-workflows-dev",
      workflows: expect.arrayContaining(["wkf_echo"]),
    });
  } finally {
    process.kill(-(child.pid as number), "SIGTERM");
    await exited;
  }
});

// Keeps `root` referenced for readers: the tarballs come from the workspace at this path.
export const workspace = root;
