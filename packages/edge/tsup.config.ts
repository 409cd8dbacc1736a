import { defineConfig } from "tsup";

export default defineConfig({
  // src/testing.ts is `@leap-workflows/edge/testing`, src/tracing.ts `@leap-workflows/edge/tracing`.
  entry: ["src/index.ts", "src/testing.ts", "src/tracing.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  target: "es2022",
  sourcemap: true,
});
