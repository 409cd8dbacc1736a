import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // A guard against hangs, not a speed limit: on a loaded 2-core machine the CPU-bound property tests take
    // several times their idle time, and vitest's 5 s default turned that into failures. Hooks start servers and
    // processes (redis-server, the dev server), so they get the same guard instead of vitest's 10 s.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // `pnpm test` (tooling/test-kit/scripts/test-all.mjs) sets LEAP_TEST_REPORT and sums these reports.
    reporters: process.env.LEAP_TEST_REPORT
      ? ["default", ["json", { outputFile: "test-report.json" }]]
      : ["default"],
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // test/*.test-d.ts: type tests, which fail the run when the compiler disagrees with them.
    typecheck: { enabled: !process.env.LEAP_TEST_FAST, include: ["test/**/*.test-d.ts"] },
  },
});
