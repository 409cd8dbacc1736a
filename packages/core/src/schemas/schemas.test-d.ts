import { expectTypeOf, test } from "vitest";
import type * as z from "zod/mini";
import type { components, webhooks } from "../generated/openapi";
import type {
  bulkRunSchema,
  createBulkRunParamsSchema,
  createRunParamsSchema,
  errorResponseSchema,
  workflowRunSchema,
} from "../generated/zod";
import type { WebhookDelivery } from "../webhooks/read-delivery";
import type { BulkRun } from "./bulk-run";
import type { ErrorResponse } from "./error-response";
import type { KnownRunStatus, RunStatus } from "./run-status";
import type { WorkflowRun } from "./workflow-run";

type Schemas = components["schemas"];

// The one deliberate difference from the generated types: `status` also admits statuses added
// after this SDK shipped, so that they never fail parsing (guides/client.md, "Statuses").
type WithOpenStatus<T extends { status: unknown }> = {
  [K in keyof T]: K extends "status" ? RunStatus : T[K];
};

test("the known statuses are exactly the generated RunStatus enum", () => {
  expectTypeOf<KnownRunStatus>().toEqualTypeOf<Schemas["RunStatus"]>();
  expectTypeOf<Schemas["RunStatus"]>().toMatchTypeOf<RunStatus>();
});

// Response schemas keep unknown fields (a loose object: the generated type plus an index signature),
// while the exported types name the known fields only (closed, as openai-node's and stripe-node's are).
type Known<T> = { [K in keyof T as string extends K ? never : K]: T[K] };
type KeepsUnknownFields<T> = string extends keyof T ? true : false;

test("workflowRunSchema matches the generated WorkflowRun, unknown fields kept", () => {
  expectTypeOf<WorkflowRun>().toEqualTypeOf<WithOpenStatus<Schemas["WorkflowRun"]>>();
  expectTypeOf<Known<z.infer<typeof workflowRunSchema>>>().toEqualTypeOf<WorkflowRun>();
  expectTypeOf<KeepsUnknownFields<z.infer<typeof workflowRunSchema>>>().toEqualTypeOf<true>();
});

test("bulkRunSchema matches the generated BulkRun, unknown fields kept", () => {
  expectTypeOf<BulkRun>().toEqualTypeOf<WithOpenStatus<Schemas["BulkRun"]>>();
  expectTypeOf<Known<z.infer<typeof bulkRunSchema>>>().toEqualTypeOf<BulkRun>();
  expectTypeOf<KeepsUnknownFields<z.infer<typeof bulkRunSchema>>>().toEqualTypeOf<true>();
});

test("request schemas match the generated request bodies (`inputs` and `input` both)", () => {
  expectTypeOf<z.infer<typeof createRunParamsSchema>>().toEqualTypeOf<Schemas["CreateRunRequest"]>();
  expectTypeOf<z.infer<typeof createBulkRunParamsSchema>>().toEqualTypeOf<Schemas["CreateBulkRunRequest"]>();
});

test("errorResponseSchema matches the generated ErrorResponse, unknown fields kept", () => {
  expectTypeOf<ErrorResponse>().toEqualTypeOf<Schemas["ErrorResponse"]>();
  expectTypeOf<KeepsUnknownFields<z.infer<typeof errorResponseSchema>>>().toEqualTypeOf<true>();
  expectTypeOf<z.infer<typeof errorResponseSchema>>().toMatchTypeOf<Schemas["ErrorResponse"]>();
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
