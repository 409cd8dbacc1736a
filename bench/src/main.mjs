// `pnpm bench`: measures everything side by side and writes BENCHMARKS.md at the repository root.
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { benchBundles } from "./bundles.mjs";
import { benchDevServer, benchStoreGrowth } from "./dev-server.mjs";
import { benchRequests } from "./requests.mjs";
import { benchScaling } from "./scaling.mjs";
import { benchWebhooks } from "./webhooks.mjs";

const sections = [
  [
    "Request overhead",
    "Sequential calls (median, p99) and throughput with 64 in flight against a node:http server in a separate process on loopback; 3 rounds, ratios are the median of the per-round ratios against the raw call of the same transport (undici clients against `undici.request`, fetch clients against `fetch`). Aims: node within 1.25x of raw `undici.request`; core/edge within 1.10x of raw fetch.",
    benchRequests,
  ],
  [
    "Webhook verification",
    "One realistic run body, verified repeatedly; our verifiers also parse and validate the run with zod. Aims: node at 0.9x or better of raw `node:crypto`, edge at 0.9x or better of raw Web Crypto.",
    benchWebhooks,
  ],
  [
    "Bundle size",
    "The same job bundled with esbuild for a worker (minified, gzipped). Aim: at most 6 KB gzipped with response validation.",
    benchBundles,
  ],
  [
    "Dev server",
    "3,000 runs of `wkf_echo` created through `@leap-workflows/node`, each delivering a signed webhook to a local receiver.",
    benchDevServer,
  ],
  [
    "Dev server as its store grows",
    "Runs inserted through the API; then 500 random `GET /v1/runs/{id}`.",
    () => benchStoreGrowth(),
  ],
  [
    "Many concurrent waits",
    "`runs.wait` on runs that stay `running` for 3 s against a local server (node client, default polling).",
    benchScaling,
  ],
];

const started = Date.now();
const parts = [];
for (const [title, description, run] of sections) {
  process.stdout.write(`bench: ${title}…\n`);
  const result = await run();
  parts.push(`## ${title}\n\n${description}\n\n${result}\n`);
  process.stdout.write(`${result}\n\n`);
}

const cpu = cpus();
const header = `# Benchmarks

Produced by \`pnpm bench\` (which runs \`node bench/src/main.mjs\` through Turbo) on ${new Date().toISOString().slice(0, 10)}, in ${Math.round((Date.now() - started) / 1000)} s.
Machine: ${cpu[0]?.model ?? "unknown CPU"}, ${cpu.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}/${process.arch}.
Absolute numbers on these shared machines wander from run to run; compare the ratios, which are taken within one run.
`;
writeFileSync(new URL("../../BENCHMARKS.md", import.meta.url), `${header}\n${parts.join("\n")}`);
process.stdout.write(`bench: wrote BENCHMARKS.md in ${Math.round((Date.now() - started) / 1000)} s\n`);
