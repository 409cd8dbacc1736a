import { expect, test } from "vitest";

// Guards the edge-runtime project: if the environment silently fell back to Node, the client suite
// run there would prove nothing about edge runtimes.
test("the edge-runtime project really runs with the edge runtime's globals", () => {
  expect(typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime).toBe("string");
});
