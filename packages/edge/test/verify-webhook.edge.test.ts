import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { outcomeOf, webhookVectorSuite } from "../../core/test/webhook-vectors";
import { verifyWebhookSignature as verifyOnNode } from "../../node/src/verify-webhook";
import {
  createWebhookHeaders,
  generateWebhookSecret,
  verifyWebhook,
  verifyWebhookSignature,
} from "../src/index";

webhookVectorSuite("edge, Web Crypto", {
  verifySignature: (vector, options) =>
    verifyWebhookSignature({ body: vector.body, headers: vector.headers }, vector.secrets, options),
  verify: (vector, options) =>
    verifyWebhook({ body: vector.body, headers: vector.headers }, vector.secrets, options),
});

describe("verifyWebhook on Web Crypto", () => {
  test("runs with the edge runtime's globals", () => {
    expect(typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime).toBe("string");
  });

  test("verifies a Request and leaves its body readable", async () => {
    const secret = generateWebhookSecret();
    const body = JSON.stringify({
      id: "rnp_1",
      version_id: "vsp_1",
      status: "completed",
      created_at: "2026-11-28T12:00:00Z",
      started_at: null,
      ended_at: null,
      workflow_id: "wkf_1",
      error: null,
      input: {},
      output: [1, 2],
    });
    const request = new Request("https://app.test/hook", {
      method: "POST",
      body,
      headers: await createWebhookHeaders({ secret, body }),
    });
    const run = await verifyWebhook(request, secret);
    expect(run.output).toEqual([1, 2]);
    expect(await request.text()).toBe(body);
  });

  test("property: node and edge agree on every case, valid or tampered", async () => {
    const secrets = [generateWebhookSecret(), generateWebhookSecret()];
    await fc.assert(
      fc.asyncProperty(
        fc.string(),
        fc.constantFrom(0, 1),
        fc.constantFrom("none", "body", "id", "timestamp", "signature"),
        async (body, signer, tamper) => {
          const headers: Record<string, string> = await createWebhookHeaders({
            secret: secrets[signer] ?? "",
            body,
          });
          let sent = body;
          if (tamper === "body") sent = `${body}x`;
          if (tamper === "id") headers["webhook-id"] = `${headers["webhook-id"]}x`;
          if (tamper === "timestamp")
            headers["webhook-timestamp"] = String(Number(headers["webhook-timestamp"]) + 1);
          if (tamper === "signature")
            headers["webhook-signature"] = headers["webhook-signature"]?.replace(/.(?==$)/, "A") ?? "";
          const onEdge = await outcomeOf(() =>
            verifyWebhookSignature({ body: sent, headers }, secrets[0] ?? ""),
          );
          const onNode = await outcomeOf(() => verifyOnNode(sent, headers, secrets[0] ?? ""));
          expect(onEdge).toBe(onNode);
          const untouched =
            tamper === "none" || (tamper === "signature" && headers["webhook-signature"]?.endsWith("A="));
          if (signer === 0 && tamper === "none") expect(onEdge).toBe("ok");
          if (signer === 1 || !untouched) expect(onEdge).not.toBe("ok");
        },
      ),
      { numRuns: 200 },
    );
  });
});
