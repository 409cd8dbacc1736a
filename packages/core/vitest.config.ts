import { readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));
const define = { __SDK_VERSION__: JSON.stringify(version) };

export default defineConfig({
  define,
  test: {
    projects: [
      {
        define,
        test: {
          name: "node",
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
          exclude: ["test/edge-globals.test.ts"],
          typecheck: { enabled: true, include: ["src/**/*.test-d.ts"] },
        },
      },
      {
        // The same client tests with the edge runtime's globals (fetch, Headers, AbortController, crypto):
        // core must work unchanged there. The fixture server itself still runs on Node.
        define,
        test: {
          name: "edge-runtime",
          environment: "edge-runtime",
          include: ["test/client.test.ts", "test/edge-globals.test.ts"],
        },
      },
    ],
  },
});
