import { gzipSync } from "node:zlib";
import { expect, test } from "vitest";
import { bundleForWorker } from "./bundle";

// A typical edge app (create a run, wait, verify a webhook), minified and gzipped. 12,880 bytes at first, 14,516
// at most with zod validating requests and responses; 7,787 once the client and webhooks validated with checks
// generated from the OpenAPI document (no zod at run time) and core's ESM build kept its modules apart.
// 9,104 with the security checks (no redirects followed, a response size cap, one numeric-option validator, path-safe
// ids, header and baseUrl checks, allowlisted log headers): about 1.3 KB, mostly messages that name the fix.
// 9,435 once responses keep the fields the SDK does not know and a run's inputs go out under both names
// (`inputs` and `input`, equal when both are passed), so the SDK works with a server that follows either of
// Leap's documents (issue #14).
// 9,605 on main after the #14, twins and zodgen merges; 9,331 once typed workflows' code travelled with
// defineWorkflow's definitions instead of the client's methods (an app without definitions leaves it out; -0.4 KB),
// with the deadline undici listens on directly (+0.1 KB); 9,438 once core's root moved to 60 names with an
// ./internal entry beside it (a shared chunk for both).
// 8,663 once messages got shorter (still naming the field, what was expected and the fix) and shared one
// `Invalid <what>: <field>: expected …` builder, error fields were declared instead of defined, numeric options
// were checked from one rule table per caller, the checks runtime was folded (refine/typed, sameJson over
// canonical JSON) and the generated checks became pure calls (an unused one, ErrorResponse's, is dropped).
// 8,669 with the cheaper request path (a deadline class, one request object, bytes decoded once): +6; 8,719
// once validation stopped copying every record and comparing `inputs`/`input` key by key (+50); 8,827 once
// millisecond and TTL options past 2^31 − 1 are refused (a timer would fire early, a store refuse the TTL) and
// verifyWebhook names verifyWebhookDelivery for a bulk run's body (+108).
// The aim is 6,000: what is left is mostly code, not words (without any message it would still be about
// 7.4 KB), the request path (http-client, transport, deadline, read-body) about 1.5 KB of it, bulk runs 0.13.
// Raise only deliberately, with a reason; BENCHMARKS.md compares it with other clients.
// 9,273 with opt-in tracing (+252: the client's calls to a `tracing` option it never sets; the OpenTelemetry
// code lives behind the /tracing entry point and stays out) and a `baseUrl` check that says what is wrong
// without quoting the URL.
const BUDGET_GZIP_BYTES = 9_300;
// A Worker that only verifies webhooks: 14,399 bytes when core was one file of ESM, 9,283 with its modules
// apart, 3,276 without zod, 3,604 once `toleranceSeconds` went through the one numeric-option validator,
// 3,823 once a delivered run keeps the fields the SDK does not know (issue #14), 3,982 after the twins and zodgen
// merges (one verifyWebhook call shape for node and edge, generated checks), 3,667 with the shorter messages
// (the handlers' `confirmWith` hint stays with the handlers), 3,082 once the generated checks were pure calls
// (the bulk run's and the parameters' checks, with the URL rules, no longer ride along); 3,137 with records no
// longer copied; 3,225 once verifyWebhook tells a bulk run's body apart to name `verifyWebhookDelivery` (about 90
// bytes, for an error that says which function to call instead of which run field is missing).
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
