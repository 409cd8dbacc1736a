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
  // import.meta.url in the CommonJS build too: the store resolves better-sqlite3 from its own file.
  shims: true,
  sourcemap: true,
});
