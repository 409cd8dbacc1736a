import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));
const define = { __SDK_VERSION__: JSON.stringify(version) };
// The shared suites in @leap-workflows/test-kit import core by name; here that name is core's source, so
// core's own tests never run against a stale build of itself.
const resolve = {
  alias: { "@leap-workflows/core": fileURLToPath(new URL("./src/index.ts", import.meta.url)) },
};

// A guard against hangs, not a speed limit: on a loaded 2-core machine the CPU-bound property tests take
// several times their idle time, and vitest's 5 s default turned that into failures. Hooks start servers and
// processes, so they get the same guard instead of vitest's 10 s.
const testTimeout = 60_000;
const hookTimeout = testTimeout;
// Test files share their worker's modules (`isolate`): each file starts its own servers and clients and
// puts back what it changes, and importing the package afresh for every file was half of the suite's CPU time.
const isolate = false;

export default defineConfig({
  define,
  resolve,
  test: {
    // `pnpm test` (tooling/test-kit/scripts/test-all.mjs) sets LEAP_TEST_REPORT and sums these reports.
    reporters: process.env.LEAP_TEST_REPORT
      ? ["default", ["json", { outputFile: "test-report.json" }]]
      : ["default"],
    projects: [
      {
        define,
        resolve,
        test: {
          name: "node",
          testTimeout,
          hookTimeout,
          isolate,
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
          exclude: ["test/edge-globals.test.ts"],
        },
      },
      {
        // The same client tests with the edge runtime's globals (fetch, Headers, AbortController, crypto):
        // core must work unchanged there. The fixture server itself still runs on Node.
        define,
        resolve,
        test: {
          name: "edge-runtime",
          testTimeout,
          hookTimeout,
          isolate,
          environment: "edge-runtime",
          include: ["test/client.test.ts", "test/edge-globals.test.ts", "test/tracing-client.test.ts"],
        },
      },
    ],
  },
});
