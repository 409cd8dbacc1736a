// Minified + gzipped size of the same job bundled for a worker with each client.
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { table } from "./stats.mjs";

const ENTRIES = {
  "@leap-workflows/edge (run + wait + verifyWebhook, validating)": "leap-edge.ts",
  "openapi-fetch (run + poll, no validation)": "openapi-fetch.ts",
  "ky (run + poll, no validation)": "ky.ts",
  "replicate (create + wait + validateWebhook)": "replicate.ts",
  "openai (create + retrieve + webhooks.unwrap)": "openai.ts",
  "svix (Webhook.verify only)": "svix.ts",
};

async function size(entry) {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(`../entries/${entry}`, import.meta.url))],
    bundle: true,
    write: false,
    minify: true,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    logLevel: "silent",
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzipped: gzipSync(code).length };
}

export async function benchBundles() {
  const rows = [];
  for (const [name, entry] of Object.entries(ENTRIES)) {
    try {
      const { minified, gzipped } = await size(entry);
      rows.push([name, (minified / 1024).toFixed(1), (gzipped / 1024).toFixed(1)]);
    } catch (error) {
      rows.push([name, "build failed", String(error.message).split("\n")[0]]);
    }
  }
  return table(["bundle (esbuild, browser/worker conditions)", "minified KB", "min+gzip KB"], rows);
}
