import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Test files share their worker's modules (isolate: false): each file starts its own servers and
    // clients and puts back what it changes, and importing the package afresh for every file was half of the
    // suite's CPU time.
    isolate: false,
    include: ["test/**/*.test.ts"],
    // Hang guards, not speed limits: a loaded machine makes tests and their hooks (servers, CLI processes)
    // several times slower than idle.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // `pnpm test` (tooling/test-kit/scripts/test-all.mjs) sets LEAP_TEST_REPORT and sums these reports.
    reporters: process.env.LEAP_TEST_REPORT
      ? ["default", ["json", { outputFile: "test-report.json" }]]
      : ["default"],
  },
});
