import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        // Edge code is tested with the edge runtime's globals (Request, crypto.subtle, no Buffer), not Node's.
        test: { name: "edge-runtime", environment: "edge-runtime", include: ["test/**/*.edge.test.ts"] },
      },
      { test: { name: "node", include: ["test/**/*.node.test.ts"] } },
    ],
  },
});
