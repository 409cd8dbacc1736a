import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/tracing.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  target: "es2022",
  sourcemap: true,
});
