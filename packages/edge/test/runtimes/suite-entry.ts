// Core's shared client and webhook-vector suites, run with the edge package's client and Web Crypto
// verification under Deno and Bun (bundled with `vitest` aliased to ./vitest-shim). The fixture server the
// client suite starts uses node:http, which both runtimes provide.
import { clientSuite } from "@leap-workflows/test-kit/client-suite";
import { webhookVectorSuite } from "@leap-workflows/test-kit/webhook-vectors";
import { verifyWebhook, verifyWebhookSignature, Workflows } from "../../src/index";
import { runRegistered } from "./vitest-shim";

const runtime = "Deno" in globalThis ? "Deno" : "Bun" in globalThis ? "Bun" : "Node";

clientSuite("edge package", (options) => new Workflows(options));
webhookVectorSuite("edge package, Web Crypto", {
  verifySignature: (vector, options) =>
    verifyWebhookSignature({ body: vector.body, headers: vector.headers }, vector.secrets, options),
  verify: (vector, options) =>
    verifyWebhook({ body: vector.body, headers: vector.headers }, vector.secrets, options),
});

const outcome = await runRegistered();
console.log(JSON.stringify({ runtime, ...outcome }));
