import type { WorkflowRun } from "@leap-workflows/core";
import { verifyWebhook as verifyOnEdge } from "@leap-workflows/edge";
import { verifyWebhook as verifyOnNode } from "@leap-workflows/node";
import { expectTypeOf, test } from "vitest";

// The twins differ in one way on purpose: node:crypto verifies synchronously, Web Crypto only asynchronously.
test("node's verifyWebhook returns the run, edge's a Promise of it, from the same inputs", () => {
  expectTypeOf(verifyOnNode).returns.toEqualTypeOf<WorkflowRun>();
  expectTypeOf(verifyOnEdge).returns.toEqualTypeOf<Promise<WorkflowRun>>();
  // ...and both take the same two call shapes.
  const body = "{}";
  const headers: Record<string, string> = {};
  expectTypeOf(verifyOnNode).toBeCallableWith(body, headers, "whsec_x");
  expectTypeOf(verifyOnEdge).toBeCallableWith(body, headers, "whsec_x");
  expectTypeOf(verifyOnNode).toBeCallableWith({ body, headers }, "whsec_x");
  expectTypeOf(verifyOnEdge).toBeCallableWith({ body, headers }, "whsec_x");
});
