import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: { compilerOptions: { types: [] } },
  clean: true,
  target: "es2022",
  platform: "neutral",
  sourcemap: true,
  define: { __SDK_VERSION__: JSON.stringify(version) },
});
