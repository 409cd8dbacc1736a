import { fakeRun } from "@leap-workflows/test-kit/fixture-server";
import { outcomeOf, webhookVectorSuite } from "@leap-workflows/test-kit/webhook-vectors";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { generateWebhookSecret, verifyWebhook, verifyWebhookSignature } from "../src/index";
import { createWebhookHeaders } from "../src/testing";

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
    const body = JSON.stringify(fakeRun({ status: "completed", output: [1, 2] }));
    const request = new Request("https://app.test/hook", {
      method: "POST",
      body,
      headers: await createWebhookHeaders({ secret, body }),
    });
    const run = await verifyWebhook(request, secret);
    expect(run.output).toEqual([1, 2]);
    expect(await request.text()).toBe(body);
  });

  test("a Request whose body was already read gets an error that says what to pass instead", async () => {
    const secret = generateWebhookSecret();
    const body = "{}";
    const request = new Request("https://app.test/hook", {
      method: "POST",
      body,
      headers: await createWebhookHeaders({ secret, body }),
    });
    await request.text();
    const error = await verifyWebhookSignature(request, secret).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      reason: "invalid_body",
      message: expect.stringMatching(/\{ body, headers \}/),
    });
    expect(await verifyWebhookSignature({ body, headers: request.headers }, secret)).toBe(body);
  });

  test("property: any change to body, id, timestamp or signature is rejected; the original passes", async () => {
    const secret = generateWebhookSecret();
    await fc.assert(
      fc.asyncProperty(
        fc.string(),
        fc.constantFrom("body", "id", "timestamp", "signature"),
        fc.string({ minLength: 1, maxLength: 8 }),
        async (body, part, noise) => {
          const headers: Record<string, string> = await createWebhookHeaders({ secret, body });
          expect(await verifyWebhookSignature({ body, headers }, secret)).toBe(body);
          let sent = body;
          if (part === "body") sent = body + noise;
          if (part === "id") headers["webhook-id"] += noise;
          if (part === "timestamp")
            headers["webhook-timestamp"] = String(Number(headers["webhook-timestamp"]) + 1);
          if (part === "signature")
            headers["webhook-signature"] = `v1,${btoa(noise).padEnd(43, "A").slice(0, 43)}=`;
          expect(await outcomeOf(() => verifyWebhookSignature({ body: sent, headers }, secret))).not.toBe(
            "ok",
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
