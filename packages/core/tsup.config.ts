import { readFileSync, rmSync } from "node:fs";
import { defineConfig, type Options } from "tsup";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));

const shared: Options = {
  target: "es2022",
  platform: "neutral",
  sourcemap: true,
  define: { __SDK_VERSION__: JSON.stringify(version) },
};

export default defineConfig(() => {
  // Both builds write into dist at once: it is emptied here, once, since their own `clean` steps would race.
  rmSync(new URL("./dist", import.meta.url), { recursive: true, force: true });
  return [
    {
      ...shared,
      // ESM keeps one module per source file (shared code in chunks), so that with `sideEffects: false` a
      // bundler drops every module a program does not use: a Worker that only verifies webhooks does not
      // carry the client. One bundled file defeats that (its top-level statements all count as used).
      entry: ["src/**/*.ts", "!src/**/*.test.ts", "!src/**/*.test-d.ts"],
      format: ["esm"],
      splitting: true,
      dts: { entry: ["src/index.ts", "src/internal.ts", "src/tracing.ts"], compilerOptions: { types: [] } },
      esbuildOptions(options) {
        options.outbase = "src";
      },
    },
    {
      ...shared,
      // CJS is for Node's require; bundlers take the ESM build. The two entries share one chunk, so that a
      // class (an error a user catches with instanceof) is the same object through the root and ./internal.
      entry: ["src/index.ts", "src/internal.ts", "src/tracing.ts"],
      format: ["cjs"],
      splitting: true,
      dts: { entry: ["src/index.ts", "src/internal.ts", "src/tracing.ts"], compilerOptions: { types: [] } },
    },
  ];
});
