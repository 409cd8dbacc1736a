import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fakeRun } from "@leap-workflows/test-kit/fixture-server";
import { afterAll, beforeAll, expect, test } from "vitest";
import * as z from "zod/mini";
import { defineWorkflow, OutputValidationError, Workflows } from "../src/index";

// The code behind typed workflows travels with each definition (so bundles without definitions leave it out);
// a copy made by spreading a definition must still run, wait and parse like the original.

const greet = defineWorkflow({
  id: "wkf_greet",
  inputs: z.object({ name: z.string() }),
  output: z.object({ greeting: z.string() }),
});

const run = (output: unknown) =>
  fakeRun({ id: "rnp_1", status: "completed", workflow_id: "wkf_greet", input: { name: "Ada" }, output });

let output: unknown = { greeting: "Hello, Ada" };
const server = createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    response.writeHead(request.method === "POST" ? 201 : 200, { "content-type": "application/json" });
    response.end(JSON.stringify(run(output)));
  });
});
let leap: Workflows;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  leap = new Workflows({ apiKey: "k", baseUrl, maxRetries: 0 });
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

test.each([
  ["the definition", greet],
  ["a spread copy of it", { ...greet }],
])("%s runs, waits and parses typed", async (_, workflow) => {
  output = { greeting: "Hello, Ada" };
  expect((await leap.run(workflow, { name: "Ada" })).output).toEqual({ greeting: "Hello, Ada" });
  expect((await leap.runAndWait(workflow, { name: "Ada" }, { initialInterval: 5 })).output?.greeting).toBe(
    "Hello, Ada",
  );
  expect((await leap.runs.retrieve("rnp_1", { workflow })).workflow_id).toBe("wkf_greet");
  output = { greeting: 42 };
  const error = await leap.runs.wait("rnp_1", { workflow }).catch((caught: unknown) => caught);
  expect(OutputValidationError.isInstance(error)).toBe(true);
});
