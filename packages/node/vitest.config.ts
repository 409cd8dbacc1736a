import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // test/*.test-d.ts: type tests, which fail the run when the compiler disagrees with them.
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"] },
  },
});
