import { defineConfig } from "tsup";

export default defineConfig({
  // src/testing.ts is `@leap-workflows/edge/testing`.
  entry: ["src/index.ts", "src/testing.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  target: "es2022",
  sourcemap: true,
});
