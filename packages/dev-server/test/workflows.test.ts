import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigurationError, defineWorkflow, Workflows } from "@leap-workflows/core";
import { afterEach, expect, expectTypeOf, test } from "vitest";
import * as z from "zod/mini";
import {
  builtInWorkflows,
  createDevServer,
  type DevServer,
  implementWorkflow,
  loadWorkflowsFile,
} from "../src/index";
import type { WorkflowContext } from "../src/runner/workflow";
import { eventually, startReceiver } from "./helpers";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(
  options: Parameters<typeof createDevServer>[0],
): Promise<{ server: DevServer; leap: Workflows }> {
  const server = await createDevServer(options);
  cleanups.push(() => server.close());
  return { server, leap: new Workflows({ apiKey: "leap_dev_key", baseUrl: server.url }) };
}

const double = defineWorkflow({
  id: "wkf_double",
  inputs: z.object({ n: z.number() }),
  output: z.object({ doubled: z.number() }),
});

test("implementWorkflow entries run from a list or a record, with their inputs validated", async () => {
  const implementation = implementWorkflow(double, ({ n }) => ({ doubled: n * 2 }));
  for (const workflows of [[implementation], { wkf_double: implementation }]) {
    const { server, leap } = await start({ workflows });
    expect(server.workflowIds).toContain("wkf_double");
    const done = await leap.runAndWait(
      { workflow_id: "wkf_double", inputs: { n: 21 } },
      { initialInterval: 10 },
    );
    expect(done.output).toEqual({ doubled: 42 });
    const bad = await leap.runAndWait(
      { workflow_id: "wkf_double", inputs: { n: "x" } },
      { initialInterval: 10 },
    );
    expect(bad.status).toBe("failed");
    expect(bad.error).toMatch(/inputs of wkf_double/);
  }
});

test("the built-ins have definitions: typed calls, CSV-style numeric strings, and bad inputs naming the field", async () => {
  const { leap } = await start({});
  const slept = await leap.runAndWait(builtInWorkflows.sleep, { ms: "15" }, { initialInterval: 10 });
  expectTypeOf(slept.output).toEqualTypeOf<{ slept: number } | null>();
  expect(slept.output).toEqual({ slept: 15 });
  const echoed = await leap.runAndWait(builtInWorkflows.echo, { a: [1] }, { initialInterval: 10 });
  expect(echoed.output).toEqual({ a: [1] });
  const failed = await leap.runAndWait(
    builtInWorkflows.fail,
    { message: "as designed" },
    { initialInterval: 10 },
  );
  expect(failed).toMatchObject({ status: "failed", error: "as designed", output: null });
  // Untyped calls reach the same validation inside the dev server: the run fails, naming the field.
  const negative = await leap.runAndWait(
    { workflow_id: "wkf_sleep", inputs: { ms: -1 } },
    { initialInterval: 10 },
  );
  expect(negative).toMatchObject({ status: "failed", output: null });
  expect(negative.error).toMatch(/inputs of wkf_sleep: inputs\.ms: .*>=0/);
});

test("a misconfigured workflows option is a ConfigurationError naming the entry", async () => {
  const attempts: unknown[] = [
    { wkf_x: "not a function" },
    [() => ({})],
    { wkf_other: implementWorkflow(double, ({ n }) => ({ doubled: n })) },
  ];
  for (const workflows of attempts) {
    const error = await createDevServer({ workflows: workflows as never }).catch((caught: unknown) => caught);
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/options\.workflows/);
  }
});

test("a workflow gets its run id and a signal that aborts when it times out", async () => {
  const seen: { runId: string; aborted: Promise<unknown> }[] = [];
  const { leap } = await start({
    workflowTimeoutMs: 100,
    workflows: {
      wkf_hang: (_, context: WorkflowContext) => {
        seen.push({
          runId: context.runId,
          aborted: new Promise((resolve) =>
            context.signal.addEventListener("abort", () => resolve(context.signal.reason)),
          ),
        });
        return new Promise(() => {});
      },
    },
  });
  const done = await leap.runAndWait({ workflow_id: "wkf_hang" }, { initialInterval: 10 });
  expect(done).toMatchObject({ status: "failed", output: null });
  expect(done.error).toMatch(/timed out/);
  expect(seen[0]?.runId).toBe(done.id);
  expect(String(await seen[0]?.aborted)).toMatch(/timed out/);
});

test("loadWorkflowsFile reads a default export or a named `workflows` export, and names a bad entry", async () => {
  const dir = mkdtempSync(join(tmpdir(), "leap-workflows-file-"));
  const byDefault = join(dir, "default.mjs");
  writeFileSync(
    byDefault,
    "export default { wkf_hi: async (inputs, ctx) => ({ hi: inputs.name, run: ctx.runId }) };\n",
  );
  const named = join(dir, "named.mjs");
  writeFileSync(named, "export const workflows = { wkf_named: () => 1 };\n");
  const broken = join(dir, "broken.mjs");
  writeFileSync(broken, "export default { wkf_bad: 42 };\n");

  const { leap } = await start({ workflows: await loadWorkflowsFile(byDefault) });
  const done = await leap.runAndWait(
    { workflow_id: "wkf_hi", inputs: { name: "Ada" } },
    { initialInterval: 10 },
  );
  expect(done.output).toEqual({ hi: "Ada", run: done.id });
  expect(Object.keys(await loadWorkflowsFile(named))).toEqual(["wkf_named"]);
  await expect(loadWorkflowsFile(broken)).rejects.toThrow(/wkf_bad.*function/);
});

test("close() does not wait for a hanging receiver; the unfinished delivery is made after a restart with its webhook-id", async () => {
  const data = mkdtempSync(join(tmpdir(), "leap-close-"));
  let hang = true;
  const receiver = await startReceiver();
  const hanging: (() => void)[] = [];
  // A receiver that never answers while `hang` is set.
  const { createServer } = await import("node:http");
  const gate = createServer((request, response) => {
    if (hang) {
      hanging.push(() => response.destroy());
      return;
    }
    void fetch(receiver.url, {
      method: "POST",
      headers: { "webhook-id": String(request.headers["webhook-id"]) },
    }).then(() => response.writeHead(200).end());
  });
  await new Promise<void>((resolve) => gate.listen(0, "127.0.0.1", resolve));
  cleanups.push(async () => {
    for (const destroy of hanging) destroy();
    await new Promise<void>((resolve) => gate.close(() => resolve()));
    await receiver.close();
  });
  const address = gate.address() as import("node:net").AddressInfo;
  const webhookUrl = `http://127.0.0.1:${address.port}/hook`;

  // No retry delays: an attempt recorded as failed would never be made again, so only a delivery left pending can reach the receiver.
  const first = await createDevServer({ data, webhookRetryDelays: [] });
  const leap = new Workflows({ apiKey: "leap_dev_key", baseUrl: first.url });
  const run = await leap.runAndWait(
    { workflow_id: "wkf_echo", webhook_url: webhookUrl },
    { initialInterval: 10 },
  );
  await eventually(() => hanging.length > 0 || undefined);
  await first.close();

  hang = false;
  const second = await createDevServer({ data, webhookRetryDelays: [] });
  cleanups.push(() => second.close());
  const delivered = await eventually(() => receiver.received[0]);
  const attempts = await eventually(async () => {
    const response = await fetch(`${second.url}/v1/runs/${run.id}/deliveries`, {
      headers: { "x-api-key": "leap_dev_key" },
    });
    const { data } = (await response.json()) as { data: unknown[] };
    return data.length > 0 ? data : undefined;
  });
  expect(attempts).toMatchObject([
    { attempt: 1, status_code: 200, webhook_id: delivered.headers["webhook-id"] },
  ]);
  expect(receiver.received).toHaveLength(1);
});

test("a port already taken rejects createDevServer with EADDRINUSE", async () => {
  const { server: taken } = await start({});
  const port = Number(new URL(taken.url).port);
  await expect(createDevServer({ port })).rejects.toMatchObject({ code: "EADDRINUSE" });
});

test("implementWorkflow types and validates the inputs and the returned output", async () => {
  const context = { runId: "rnp_1", workflowId: "wkf_double", signal: new AbortController().signal };
  const ok = implementWorkflow(double, (inputs) => {
    expectTypeOf(inputs).toEqualTypeOf<{ n: number }>();
    return { doubled: inputs.n * 2 };
  });
  expect(await ok.run({ n: 2 }, context)).toEqual({ doubled: 4 });
  await expect(ok.run({}, context)).rejects.toThrow(/inputs\.n/);
  // @ts-expect-error the output breaks the schema
  const broken = implementWorkflow(double, () => ({ doubled: "two" }));
  await expect(broken.run({ n: 2 }, context)).rejects.toThrow(/output\.doubled/);
});
