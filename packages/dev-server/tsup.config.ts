import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/cli.ts"],
  format: ["esm", "cjs"],
  dts: { entry: "src/index.ts" },
  clean: true,
  target: "node20",
  platform: "node",
  // A native addon: it must be loaded from node_modules, never bundled.
  external: ["better-sqlite3"],
  sourcemap: true,
});
