import { expectTypeOf, test } from "vitest";
import type * as z from "zod/mini";
import type { components, webhooks } from "../generated/openapi";
import type { WebhookDelivery } from "../webhooks/read-delivery";
import type { bulkRunSchema, createBulkRunParamsSchema } from "./bulk-run";
import type { errorResponseSchema } from "./error-response";
import type { KnownRunStatus, RunStatus } from "./run-status";
import type { createRunParamsSchema, workflowRunSchema } from "./workflow-run";

type Schemas = components["schemas"];

// The one deliberate difference from the generated types: `status` also admits statuses added
// after this SDK shipped, so that they never fail parsing (see DESIGN.md).
type WithOpenStatus<T extends { status: unknown }> = {
  [K in keyof T]: K extends "status" ? RunStatus : T[K];
};

test("the known statuses are exactly the generated RunStatus enum", () => {
  expectTypeOf<KnownRunStatus>().toEqualTypeOf<Schemas["RunStatus"]>();
  expectTypeOf<Schemas["RunStatus"]>().toMatchTypeOf<RunStatus>();
});

test("workflowRunSchema matches the generated WorkflowRun", () => {
  expectTypeOf<z.infer<typeof workflowRunSchema>>().toEqualTypeOf<WithOpenStatus<Schemas["WorkflowRun"]>>();
});

test("bulkRunSchema matches the generated BulkRun", () => {
  expectTypeOf<z.infer<typeof bulkRunSchema>>().toEqualTypeOf<WithOpenStatus<Schemas["BulkRun"]>>();
});

test("request schemas match the generated request bodies (clients send `inputs`, never the old `input`)", () => {
  expectTypeOf<z.infer<typeof createRunParamsSchema>>().toEqualTypeOf<
    Omit<Schemas["CreateRunRequest"], "input">
  >();
  expectTypeOf<z.infer<typeof createBulkRunParamsSchema>>().toEqualTypeOf<Schemas["CreateBulkRunRequest"]>();
});

test("errorResponseSchema matches the generated ErrorResponse", () => {
  expectTypeOf<z.infer<typeof errorResponseSchema>>().toEqualTypeOf<Schemas["ErrorResponse"]>();
});

test("a webhook delivers exactly what the generated webhooks describe: a run, or a bulk run", () => {
  type Body<Name extends keyof webhooks> = NonNullable<
    webhooks[Name]["post"]
  >["requestBody"]["content"]["application/json"];
  expectTypeOf<Extract<WebhookDelivery, { kind: "run" }>["run"]>().toEqualTypeOf<
    WithOpenStatus<Body<"runFinished">>
  >();
  expectTypeOf<Extract<WebhookDelivery, { kind: "bulk_run" }>["bulkRun"]>().toEqualTypeOf<
    WithOpenStatus<Body<"bulkRunFinished">>
  >();
});
