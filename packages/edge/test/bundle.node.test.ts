import { gzipSync } from "node:zlib";
import { expect, test } from "vitest";
import { bundleForWorker } from "./bundle";

// A typical edge app (create a run, wait, verify a webhook), minified and gzipped: about 9.1 KB today, most of it
// the request path (transport, deadline, body reading) and messages that name the field and the fix; zod stays
// out (validation at run time uses checks generated from the OpenAPI document), and so does the OpenTelemetry
// code (behind the /tracing entry point: an app that does not trace carries only the calls to an unset
// `tracing` option, about 0.25 KB). The aim is 6,000 bytes. Raise the budget only deliberately, with a reason;
// BENCHMARKS.md compares the size with other clients.
const BUDGET_GZIP_BYTES = 9_300;
// A Worker that only verifies webhooks: about 3.2 KB today (verifyWebhook tells a bulk run's body apart, to name
// verifyWebhookDelivery); the client, the bulk run's checks and the URL rules must stay out of it.
const VERIFY_ONLY_BUDGET_GZIP_BYTES = 3_300;

test("the edge package bundles for a worker with no Node builtins, Buffer or process", async () => {
  // esbuild fails to resolve any `node:` import on the browser platform, so bundling at all is the first check.
  const code = await bundleForWorker("./fixtures/typical-app.ts");
  expect(code).not.toMatch(/["']node:/);
  expect(code).not.toMatch(/(^|[^.\w$])Buffer\s*[.(]/m);
  expect(code).not.toMatch(/(^|[^.\w$])process\s*\./m);
});

test(`a typical edge bundle carries no zod and stays within ${BUDGET_GZIP_BYTES} bytes gzipped`, async () => {
  const code = await bundleForWorker("./fixtures/typical-app.ts", { minify: true });
  // Every zod schema object has a \`_zod\` field: validation at run time uses the generated checks instead.
  expect(code).not.toContain("_zod");
  // Typed workflows (`leap.run(definition, …)`, `{ workflow }`) travel with defineWorkflow's definitions: an app
  // that defines none carries none of their code (here, OutputValidationError's message).
  expect(code).not.toContain("output schema");
  const size = gzipSync(code).length;
  console.log(`typical edge bundle: ${size} bytes min+gzip`);
  expect(size).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
});

test(`a webhook-only worker leaves the client out and stays within ${VERIFY_ONLY_BUDGET_GZIP_BYTES} bytes gzipped`, async () => {
  const code = await bundleForWorker("./fixtures/verify-only-app.ts", { minify: true });
  // The client's own strings: present only if the bundler could not drop the client's modules.
  expect(code).not.toContain("idempotency-key");
  expect(code).not.toContain("x-api-key");
  // The bulk run's check (and the request parameters'): present only if the generated checks were not pure.
  // (`input_csv_url` itself rides along: verifyWebhook tells a bulk run's body by it, to name the right function.)
  expect(code).not.toContain("output_csv_url");
  const size = gzipSync(code).length;
  console.log(`webhook-only edge bundle: ${size} bytes min+gzip`);
  expect(size).toBeLessThanOrEqual(VERIFY_ONLY_BUDGET_GZIP_BYTES);
});

test("a client-only worker built from the package's dist leaves the webhook code out", async () => {
  const code = await bundleForWorker("./fixtures/client-only-app.ts", { minify: true });
  expect(code).toContain("idempotency-key");
  // The verifier's header names: present only if a module-level verifier could not be dropped.
  expect(code).not.toContain("webhook-signature");
});
