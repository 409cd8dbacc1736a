import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Test files share their worker's modules (isolate: false): each file starts its own servers and
    // clients and puts back what it changes, and importing the package afresh for every file was half of the
    // suite's CPU time.
    isolate: false,
    // A guard against hangs, not a speed limit: on a loaded 2-core machine a test that starts processes (the
    // CLI, examples, receivers, redis-server) takes many times its idle time. Hooks start servers and processes
    // too, so they get the same guard instead of vitest's 10 s.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // `pnpm test` (tooling/test-kit/scripts/test-all.mjs) sets LEAP_TEST_REPORT and sums these reports.
    reporters: process.env.LEAP_TEST_REPORT
      ? ["default", ["json", { outputFile: "test-report.json" }]]
      : ["default"],
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
  },
});
