import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/** Bundles `entry` the way a Worker / edge bundler would: browser platform, worker conditions, no Node polyfills. */
export async function bundleForWorker(entry: string, options: { minify?: boolean } = {}): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    target: "es2022",
    minify: options.minify ?? false,
    logLevel: "silent",
    // The examples import the package by name, as users do; here that is this package's source.
    alias: { "@leap-workflows/edge": fileURLToPath(new URL("../src/index.ts", import.meta.url)) },
  });
  return result.outputFiles[0]?.text ?? "";
}
