import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // test/*.test-d.ts: the compiler's half of the typed-workflows story.
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"] },
  },
});
