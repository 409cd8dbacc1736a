import { type ChildProcess, execFile, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createDevServer, type DevServer } from "@leap-workflows/dev-server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

// The README's example and the runtimes guide's Node examples are these files, run as a user would (`node examples/x.mjs`, importing the built
// package by name) against the dev server. Needs `build` first, which the turbo `test` task runs.
const example = (name: string) => fileURLToPath(new URL(`../examples/${name}`, import.meta.url));
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const guide = readFileSync(new URL("../../../guides/runtimes.md", import.meta.url), "utf8");
const run = promisify(execFile);

let server: DevServer;
beforeAll(async () => {
  server = await createDevServer();
});
afterAll(() => server.close());

const leapEnv = () => ({ ...process.env, LEAP_API_KEY: "leap_dev_key", LEAP_BASE_URL: server.url });

/** Resolves with the first stdout line matching `pattern`; rejects if the process exits first. */
function lineMatching(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = "";
    let stderr = "";
    child.stderr?.on("data", (chunk) => {
      stderr += chunk;
    });
    child.stdout?.on("data", (chunk) => {
      seen += chunk;
      const match = seen.match(pattern);
      if (match) resolve(match);
    });
    child.on("exit", (code) => reject(new Error(`exited with ${code} before ${pattern}:\n${seen}${stderr}`)));
  });
}

describe("README examples", () => {
  test("the README shows examples/script.mjs verbatim", () => {
    expect(readme).toContain(readFileSync(example("script.mjs"), "utf8").trim());
  });

  test.each(["express.mjs", "next-route.ts"])("guides/runtimes.md shows examples/%s verbatim", (name) => {
    expect(guide).toContain(readFileSync(example(name), "utf8").trim());
  });

  test("Node script: runAndWait against the dev server", async () => {
    const { stdout } = await run(process.execPath, [example("script.mjs"), "wkf_echo"], { env: leapEnv() });
    expect(stdout.trim()).toBe('completed {"hello":"world"}');
  });

  test("Next.js route handler: POST starts a run and answers with its output", async () => {
    const saved = { key: process.env.LEAP_API_KEY, url: process.env.LEAP_BASE_URL };
    process.env.LEAP_API_KEY = "leap_dev_key";
    process.env.LEAP_BASE_URL = server.url;
    try {
      const route = await import("../examples/next-route");
      expect(route.runtime).toBe("nodejs");
      const response = await route.POST(
        new Request("http://app.test/api/runs", {
          method: "POST",
          body: JSON.stringify({ workflow_id: "wkf_echo", inputs: { from: "next" } }),
        }),
      );
      expect(await response.json()).toMatchObject({ status: "completed", output: { from: "next" } });
    } finally {
      for (const [name, value] of [
        ["LEAP_API_KEY", saved.key],
        ["LEAP_BASE_URL", saved.url],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  test("Express: POST /runs starts a run, the signed webhook arrives at /hooks/leap", async () => {
    const child = spawn(process.execPath, [example("express.mjs")], {
      env: { ...leapEnv(), PORT: "0", LEAP_WEBHOOK_SECRET: server.webhookSecret },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const [, url] = await lineMatching(child, /listening on (http:\/\/\S+)/);
      const response = await fetch(`${url}/runs`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ workflow_id: "wkf_echo", inputs: { from: "express" } }),
      });
      expect(response.status).toBe(202);
      const { id } = (await response.json()) as { id: string };
      const [line] = await lineMatching(child, /webhook \S+ \S+ .*\n/);
      expect(line.trim()).toBe(`webhook ${id} completed {"from":"express"}`);
    } finally {
      child.kill();
    }
  });
});
