import { expectTypeOf, test } from "vitest";
import type * as z from "zod/mini";
import type { components } from "../generated/openapi";
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
