// Minified + gzipped size of the same job bundled for a worker with each client (entries in ../entries).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { table } from "./stats.mjs";

const FULL_JOB =
  "@leap-workflows/edge: run + wait + verifyWebhook (validates params, responses, webhook run)";
const ENTRIES = {
  [FULL_JOB]: "leap-edge.ts",
  "@leap-workflows/edge: run + wait only": "leap-edge-client.ts",
  "@leap-workflows/edge: verifyWebhook only": "leap-edge-verify.ts",
  "openapi-fetch + svix: create + poll + Webhook.verify (no validation)": "openapi-fetch-svix.ts",
  "openapi-fetch: create + poll (no validation, no webhooks)": "openapi-fetch.ts",
  "ky: create + poll (no validation, no webhooks)": "ky.ts",
  "replicate: predictions.create + wait + validateWebhook (no validation)": "replicate.ts",
  "openai: batches.create + retrieve + webhooks.unwrap (no validation)": "openai.ts",
  "svix: Webhook.verify only": "svix.ts",
};

async function bundle(entry) {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(`../entries/${entry}`, import.meta.url))],
    bundle: true,
    write: false,
    minify: true,
    metafile: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    logLevel: "silent",
  });
  const code = result.outputFiles[0].contents;
  return {
    code,
    metafile: result.metafile,
    minified: code.length,
    gzipped: gzipSync(code, { level: 9 }).length,
  };
}

/** Which packages the bytes of a bundle come from (minified bytes as esbuild attributes them). */
function breakdown(metafile) {
  const [output] = Object.values(metafile.outputs);
  const byPackage = new Map();
  for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
    const normalized = path.replaceAll("\\", "/");
    // pnpm nests packages (node_modules/.pnpm/x@1/node_modules/x/…): the last node_modules names the owner.
    const tail = normalized.slice(normalized.lastIndexOf("node_modules/"));
    const match =
      normalized.includes("node_modules/") && /^node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(tail);
    let owner = "entry file";
    if (match) {
      owner = match[1];
      // zod's mini and core parts are worth telling apart when judging what validation costs.
      if (owner === "zod") owner = `zod/${match[2].split("/").slice(0, 2).join("/")}`;
    } else if (normalized.includes("packages/"))
      owner = `@leap-workflows/${normalized.split("packages/")[1].split("/")[0]}`;
    byPackage.set(owner, (byPackage.get(owner) ?? 0) + bytesInOutput);
  }
  return [...byPackage.entries()].sort((a, b) => b[1] - a[1]);
}

const kb = (bytes) => (bytes / 1024).toFixed(1);

export const describeBundles = `Each job is a tiny entry file in \`bench/entries/\`, bundled with esbuild (ESM, minified, platform browser, conditions workerd/worker/browser, target es2022), then gzipped (level 9). Aim: the full job on \`@leap-workflows/edge\` at most 6 KB gzipped with response validation included.`;

export async function benchBundles(log) {
  const rows = [];
  let full;
  for (const [name, entry] of Object.entries(ENTRIES)) {
    try {
      const result = await bundle(entry);
      if (name === FULL_JOB) full = result;
      rows.push([name, `\`${entry}\``, kb(result.minified), kb(result.gzipped)]);
    } catch (error) {
      rows.push([name, `\`${entry}\``, "build failed", String(error.message).split("\n")[0]]);
    }
  }
  log(`  ${rows.length} bundles built`);
  let parts = `${table(["job", "entry", "minified KB", "min+gzip KB"], rows)}`;
  if (full) {
    const pieces = breakdown(full.metafile).map(([owner, bytes]) => [
      owner,
      kb(bytes),
      `${((bytes / full.minified) * 100).toFixed(0)}%`,
    ]);
    const edgeVersion = JSON.parse(
      readFileSync(new URL("../../packages/edge/package.json", import.meta.url), "utf8"),
    ).version;
    parts += `\n\nWhere the minified bytes of the full \`@leap-workflows/edge\` ${edgeVersion} job come from (esbuild metafile):\n\n${table(["source", "minified KB", "share"], pieces)}`;
  }
  const aims = full
    ? [
        {
          aim: "edge full job (run + wait + verifyWebhook, validating): at most 6.0 KB min+gzip",
          measured: `${kb(full.gzipped)} KB`,
          met: full.gzipped <= 6 * 1024,
        },
      ]
    : [];
  return { markdown: parts, aims };
}
