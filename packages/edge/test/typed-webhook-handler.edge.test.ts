import { fakeRun } from "@leap-workflows/test-kit/fixture-server";
import { describe, expect, expectTypeOf, test } from "vitest";
import { defineWorkflow, generateWebhookSecret, type StandardSchemaV1, webhookHandler } from "../src/index";
import { createWebhookHeaders } from "../src/testing";

// A hand-written Standard Schema (what valibot or arktype produce), with an async validate: the typed handler
// depends on the interface, not on zod.
function fields<T extends Record<string, unknown>>(types: { [K in keyof T]: string }): StandardSchemaV1<T> {
  return {
    "~standard": {
      version: 1,
      vendor: "test",
      validate: async (value) => {
        const issues = Object.entries(types)
          .filter(([key, type]) => typeof (value as Record<string, unknown> | null)?.[key] !== type)
          .map(([key, type]) => ({ message: `expected ${type}`, path: [key] }));
        return issues.length > 0 ? { issues } : { value: value as T };
      },
    },
  };
}

const greet = defineWorkflow({
  id: "wkf_greet",
  inputs: fields<{ name: string }>({ name: "string" }),
  output: fields<{ greeting: string }>({ greeting: "string" }),
});
const count = defineWorkflow({
  id: "wkf_count",
  inputs: fields<{ text: string }>({ text: "string" }),
  output: fields<{ length: number }>({ length: "number" }),
});

const secret = generateWebhookSecret();
const run = (overrides: Record<string, unknown>) =>
  JSON.stringify(fakeRun({ status: "completed", ...overrides }));
const post = async (body: string) =>
  new Request("https://app.test/api/leap", {
    method: "POST",
    body,
    headers: await createWebhookHeaders({ secret, body }),
  });

describe("edge webhookHandler with workflow definitions", () => {
  test("onRun gets a run narrowed by workflow_id with its output validated", async () => {
    const seen: string[] = [];
    const handle = webhookHandler(secret, {
      workflows: [greet, count],
      onRun: (received) => {
        if (received.workflow_id === "wkf_count") {
          expectTypeOf(received.output).toEqualTypeOf<{ length: number } | null>();
          seen.push(`count ${received.output?.length}`);
        } else {
          expectTypeOf(received.output).toEqualTypeOf<{ greeting: string } | null>();
          seen.push(`greet ${received.output?.greeting}`);
        }
      },
    });
    expect(
      (await handle(await post(run({ workflow_id: "wkf_greet", output: { greeting: "hi" } })))).status,
    ).toBe(200);
    expect(
      (await handle(await post(run({ id: "rnp_2", workflow_id: "wkf_count", output: { length: 2 } }))))
        .status,
    ).toBe(200);
    expect(seen).toEqual(["greet hi", "count 2"]);
  });

  test("400 invalid_body for a bad output or an unlisted workflow; 401 still comes first", async () => {
    const handle = webhookHandler(secret, {
      workflows: [greet],
      onRun: () => {
        throw new Error("onRun must not be called");
      },
    });
    const bad = await handle(await post(run({ workflow_id: "wkf_greet", output: { greeting: 1 } })));
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe("invalid_body");
    expect(body.error.message).toContain("output.greeting");
    const other = await handle(await post(run({ workflow_id: "wkf_other", output: null })));
    expect(other.status).toBe(400);
    const unsigned = new Request("https://app.test/api/leap", {
      method: "POST",
      body: run({ workflow_id: "wkf_greet", output: { greeting: "x" } }),
    });
    expect((await handle(unsigned)).status).toBe(401);
  });
});
