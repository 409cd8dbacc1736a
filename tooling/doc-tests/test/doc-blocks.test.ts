import { createDevServer, type DevServer } from "@leap-workflows/dev-server";
import { postgresIdStoreSchema, Workflows } from "@leap-workflows/node";
import { fragmentReason } from "@leap-workflows/test-kit/markdown-blocks";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { commandProblems } from "./doc-blocks/commands";
import { type DocBlock, docBlocks, exampleFiles } from "./doc-blocks/docs";
import { type RunOptions, removeBlockFolder, runBlock } from "./doc-blocks/run-block";

// Every fenced block of every README and guide is held, or says it is a fragment. A block is held when it is
//  - a fragment: its first line is a comment starting "A fragment:" that says where its missing names come from;
//  - a sample of output or configuration (SAMPLE_LANGS): nothing in it runs;
//  - shell commands (COMMAND_LANGS) naming scripts, bins, packages and files that exist (./doc-blocks/commands.ts);
//  - verbatim an example file another test runs (./doc-blocks/docs.ts: exampleFiles);
//  - or run here as written (RUNS) against a dev server on 127.0.0.1, with LEAP_API_KEY and LEAP_BASE_URL set
//    where the page tells the reader to set them.
const SAMPLE_LANGS = new Set(["", "text", "json", "jsonc", "yaml", "diff"]);
const COMMAND_LANGS = new Set(["sh", "bash", "shell"]);

interface Run {
  file: string;
  /** Text only this block of the file contains. */
  match: string;
  /** The dev server's URL in LEAP_BASE_URL and its key in LEAP_API_KEY, as the page says to set them. */
  leapEnv?: boolean;
  /** Blocks that name the dev server's documented address: other tests run beside this one, so a free port. */
  documentedUrl?: boolean;
  /** What the block logs with console.log, as its comments say. */
  logs?: string[];
  /** Checks beyond running the block, given what it exports. */
  afterwards?: (exports: Record<string, unknown>) => Promise<void>;
}

const RUNS: Run[] = [
  { file: "README.md", match: "// my-script.mjs", leapEnv: true, logs: ["completed { foo: 'bar' }"] },
  {
    file: "packages/core/README.md",
    match: 'from "@leap-workflows/core"',
    leapEnv: true,
    logs: ["completed { foo: 'bar' }"],
  },
  {
    file: "packages/dev-server/README.md",
    match: 'inputs: { hello: "world" }',
    documentedUrl: true,
    logs: ["{ hello: 'world' }"],
  },
  {
    file: "packages/dev-server/README.md",
    match: "builtInWorkflows.sleep",
    documentedUrl: true,
    logs: ["100"],
  },
  {
    file: "packages/dev-server/README.md",
    match: "// workflows.mjs",
    // The page starts the dev server with this module (`--workflows ./workflows.mjs`); the CLI reads its default.
    afterwards: async (exports) => {
      const server = await createDevServer({ workflows: exports.default as never });
      try {
        const leap = new Workflows({ apiKey: "leap_dev_key", baseUrl: server.url });
        const run = await leap.runAndWait({ workflow_id: "wkf_greet", inputs: { name: "Ada" } });
        expect(run.output).toEqual({ greeting: "Hello, Ada!" });
      } finally {
        await server.close();
      }
    },
  },
  { file: "packages/dev-server/README.md", match: "implementWorkflow(greet", logs: ["Hello, Ada!"] },
  { file: "packages/dev-server/README.md", match: "wkf_add", logs: [] },
  { file: "packages/dev-server/README.md", match: "createConsoleLogger", logs: [] },
  { file: "guides/client.md", match: "AbortSignal.timeout", leapEnv: true, logs: [] },
  { file: "guides/runtimes.md", match: 'from "undici"', leapEnv: true, logs: [] },
  { file: "tooling/fault-proxy/README.md", match: "startFaultProxy", logs: [] },
];

// Held by comparison rather than by running: the statement the PostgreSQL id store runs.
const SAME_AS: { file: string; match: string; text: () => string }[] = [
  { file: "guides/webhooks.md", match: "CREATE TABLE", text: () => `${postgresIdStoreSchema()};` },
];

const blocks = docBlocks();
const examples = exampleFiles();
const where = (block: DocBlock) => `${block.file}:${block.line}`;
const blockOf = (entry: { file: string; match: string }) => {
  const found = blocks.filter((block) => block.file === entry.file && block.code.includes(entry.match));
  expect(found.map(where), `exactly one block of ${entry.file} contains ${entry.match}`).toHaveLength(1);
  return found[0] as DocBlock;
};

let server: DevServer;
beforeAll(async () => {
  server = await createDevServer();
});
afterAll(async () => {
  await server?.close();
  removeBlockFolder();
});

describe("every README and guide block is held", () => {
  test("each block is a fragment, a sample, commands, an example file another test runs, or run here", () => {
    const named = [...RUNS, ...SAME_AS].map(blockOf);
    const unheld = blocks
      .filter((block) => !named.includes(block))
      .filter((block) => fragmentReason(block) === undefined)
      .filter((block) => !SAMPLE_LANGS.has(block.lang) && !COMMAND_LANGS.has(block.lang))
      .filter((block) => !examples.has(block.code.trim()))
      .map((block) => `${where(block)} (${block.lang}): ${block.code.split("\n", 1)[0]}`);
    expect(
      unheld,
      "these blocks neither run here (RUNS), nor show an example file verbatim, nor start with a `// A fragment: <where its names come from>` line",
    ).toEqual([]);
  });

  test("shell blocks name scripts, bins, packages and files that exist", () => {
    const problems = blocks
      .filter((block) => COMMAND_LANGS.has(block.lang))
      .flatMap((block) => commandProblems(block).map((problem) => `${where(block)}: ${problem}`));
    expect(problems).toEqual([]);
  });

  test.each(SAME_AS)("$file: the block with $match is what the code says", (entry) => {
    expect(blockOf(entry).code.trim()).toBe(entry.text());
  });

  test.each(RUNS)("$file: the block with $match runs as written", async (entry) => {
    const options: RunOptions = {};
    if (entry.leapEnv) options.env = { LEAP_API_KEY: "leap_dev_key", LEAP_BASE_URL: server.url };
    if (entry.documentedUrl) options.replace = ["http://127.0.0.1:4010", server.url];
    const { logs, exports } = await runBlock(blockOf(entry), options);
    if (entry.logs) expect(logs).toEqual(entry.logs);
    await entry.afterwards?.(exports);
  });
});
