import { defineConfig } from "vitest/config";

// A guard against hangs, not a speed limit: on a loaded 2-core machine a test that starts workerd, Deno, Bun or
// a dev server takes many times its idle time. Hooks start servers and processes too, so they get the same guard
// instead of vitest's 10 s.
const testTimeout = 120_000;
const hookTimeout = testTimeout;
// Test files share their worker's modules (`isolate`): each file starts its own servers and clients and
// puts back what it changes, and importing the package afresh for every file was half of the suite's CPU time.
const isolate = false;

export default defineConfig({
  test: {
    // `pnpm test` (tooling/test-kit/scripts/test-all.mjs) sets LEAP_TEST_REPORT and sums these reports.
    reporters: process.env.LEAP_TEST_REPORT
      ? ["default", ["json", { outputFile: "test-report.json" }]]
      : ["default"],
    projects: [
      {
        // Edge code is tested with the edge runtime's globals (Request, crypto.subtle, no Buffer), not Node's.
        test: {
          name: "edge-runtime",
          testTimeout,
          hookTimeout,
          isolate,
          environment: "edge-runtime",
          include: ["test/**/*.edge.test.ts"],
        },
      },
      { test: { name: "node", testTimeout, hookTimeout, isolate, include: ["test/**/*.node.test.ts"] } },
    ],
  },
});
