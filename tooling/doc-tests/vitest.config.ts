import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // `pnpm test` (tooling/test-kit/scripts/test-all.mjs) sets LEAP_TEST_REPORT and sums these reports.
    reporters: process.env.LEAP_TEST_REPORT
      ? ["default", ["json", { outputFile: "test-report.json" }]]
      : ["default"],
    include: ["test/**/*.test.ts"],
    // Hang guards, not speed limits.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
