import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // `pnpm test` (tooling/test-kit/scripts/test-all.mjs) sets LEAP_TEST_REPORT and sums these reports.
    reporters: process.env.LEAP_TEST_REPORT
      ? ["default", ["json", { outputFile: "test-report.json" }]]
      : ["default"],
    projects: [
      {
        // Edge code is tested with the edge runtime's globals (Request, crypto.subtle, no Buffer), not Node's.
        test: { name: "edge-runtime", environment: "edge-runtime", include: ["test/**/*.edge.test.ts"] },
      },
      { test: { name: "node", include: ["test/**/*.node.test.ts"] } },
    ],
  },
});
