import { defineConfig } from "tsup";

export default defineConfig({
  // src/cli.ts is the `leap-workflows` bin (dist/cli.js); src/testing.ts is `@leap-workflows/node/testing`,
  // src/tracing.ts `@leap-workflows/node/tracing`.
  entry: ["src/index.ts", "src/testing.ts", "src/tracing.ts", "src/cli.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  target: "es2022",
  sourcemap: true,
});
