import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { defineWorkflow, OutputValidationError } from "@leap-workflows/core";
import { createDevServer, implementWorkflow } from "@leap-workflows/dev-server";
import { afterEach, describe, expect, test } from "vitest";
import * as z from "zod";
import { Workflows, webhookHandler } from "../src/index";

// zod classic here (core itself uses zod/mini): both implement Standard Schema.
const greet = defineWorkflow({
  id: "wkf_greet",
  inputs: z.object({ name: z.string().min(1) }),
  output: z.object({ greeting: z.string() }),
});
const count = defineWorkflow({
  id: "wkf_count",
  inputs: z.object({ text: z.string() }),
  output: z.object({ length: z.number() }),
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup() {
  const server = await createDevServer({
    webhookRetryDelays: [0.05],
    workflows: [
      implementWorkflow(greet, ({ name }) => ({ greeting: `hello ${name}` })),
      // Breaks its own definition on purpose: the dev server fails the run instead of returning bad output.
      implementWorkflow(count, ({ text }) => ({ length: text === "bad" ? ("x" as never) : text.length })),
    ],
  });
  cleanups.push(() => server.close());
  return { server, leap: new Workflows({ apiKey: "leap_dev_key", baseUrl: server.url }) };
}

describe("typed workflows against the dev server", () => {
  test("one definition types the caller, the implementation and the webhook receiver", async () => {
    const { server, leap } = await setup();
    const received: string[] = [];
    let done: () => void = () => {};
    const delivered = new Promise<void>((resolve) => {
      done = resolve;
    });
    const receiver: Server = createServer(
      webhookHandler(server.webhookSecret, {
        workflows: [greet, count],
        onRun: (run) => {
          if (run.workflow_id === "wkf_greet") received.push(`greet:${run.output?.greeting}`);
          else received.push(`count:${run.output?.length}`);
          done();
        },
      }),
    );
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
    const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

    const run = await leap.runAndWait(greet, { name: "Ada" }, { webhookUrl, initialInterval: 20 });
    expect(run.status).toBe("completed");
    expect(run.output).toEqual({ greeting: "hello Ada" });
    await delivered;
    expect(received).toEqual(["greet:hello Ada"]);
  });

  test("the implementation's output is checked by the dev server; a bad input never leaves the client", async () => {
    const { server, leap } = await setup();
    const failed = await leap.runAndWait(count, { text: "bad" }, { initialInterval: 20 });
    expect(failed.status).toBe("failed");
    expect(failed.error).toContain("output.length");
    await expect(leap.run(greet, { name: "" })).rejects.toThrow(/inputs\.name/);
    expect(server.listRuns()).toHaveLength(1);
  });

  test("a run whose output breaks the definition rejects with OutputValidationError", async () => {
    const { leap } = await setup();
    const liar = defineWorkflow({
      id: "wkf_echo",
      inputs: z.object({}),
      output: z.object({ answer: z.number() }),
    });
    const error = await leap.runAndWait(liar, {}, { initialInterval: 20 }).catch((caught: unknown) => caught);
    expect(OutputValidationError.isInstance(error)).toBe(true);
    expect((error as OutputValidationError).run.status).toBe("completed");
  });

  test("the typed webhook handler answers 400 for a run of an unlisted workflow", async () => {
    const { server, leap } = await setup();
    let answered: (status: number) => void = () => {};
    const firstStatus = new Promise<number>((resolve) => {
      answered = resolve;
    });
    const handler = webhookHandler(server.webhookSecret, { workflows: [count], onRun: () => {} });
    const receiver = createServer(async (request, response) => {
      response.on("finish", () => answered(response.statusCode));
      await handler(request, response);
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
    const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    await leap.runAndWait(greet, { name: "x" }, { webhookUrl, initialInterval: 20 });
    // The delivery follows the run; the test's timeout is the only limit on how long it may take.
    expect(await firstStatus).toBe(400);
  });
});

test("the client guide's example runs (examples/typed-workflow.mjs, importing the built package)", async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [
    fileURLToPath(new URL("../examples/typed-workflow.mjs", import.meta.url)),
  ]);
  expect(stdout).toBe("output: Hello, Ada!\nwebhook: Hello, Ada!\n");
});

test("guides/client.md shows examples/typed-workflow.mjs verbatim", () => {
  const guide = readFileSync(new URL("../../../guides/client.md", import.meta.url), "utf8");
  expect(guide).toContain(
    readFileSync(new URL("../examples/typed-workflow.mjs", import.meta.url), "utf8").trim(),
  );
});
