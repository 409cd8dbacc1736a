import { outcomeOf, webhookVectorSuite } from "@leap-workflows/test-kit/webhook-vectors";
import fc from "fast-check";
import { Webhook } from "svix";
import { describe, expect, test } from "vitest";
import { generateWebhookSecret, verifyWebhook, verifyWebhookSignature } from "../src/index";
import { createWebhookHeaders } from "../src/testing";

webhookVectorSuite("node, node:crypto", {
  verifySignature: (vector, options) =>
    verifyWebhookSignature(vector.body, vector.headers, vector.secrets, options),
  verify: (vector, options) => verifyWebhook(vector.body, vector.headers, vector.secrets, options),
});

describe("verifyWebhook on node:crypto", () => {
  test("is synchronous and accepts a Buffer body and Node's header object", () => {
    const secret = generateWebhookSecret();
    const body = "{}";
    const timestamp = new Date();
    const signature = new Webhook(secret).sign("msg_1", timestamp, body);
    const headers = {
      "webhook-id": "msg_1",
      "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
      "webhook-signature": [signature],
    };
    expect(verifyWebhookSignature(Buffer.from(body), headers, secret)).toBe(body);
  });

  test("property: any change to body, id, timestamp or signature is rejected; the original passes", async () => {
    const secret = generateWebhookSecret();
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1 }),
        fc.constantFrom("body", "id", "timestamp", "signature"),
        fc.string({ minLength: 1, maxLength: 8 }),
        async (body, part, noise) => {
          const headers = await createWebhookHeaders({ secret, body });
          expect(verifyWebhookSignature(body, headers, secret)).toBe(body);
          let tamperedBody = body;
          const tampered = { ...headers };
          if (part === "body") tamperedBody = body + noise;
          if (part === "id") tampered["webhook-id"] += noise;
          if (part === "timestamp")
            tampered["webhook-timestamp"] = String(Number(headers["webhook-timestamp"]) - 1);
          if (part === "signature")
            tampered["webhook-signature"] = `v1,${btoa(noise).padEnd(44, "A").slice(0, 43)}=`;
          const outcome = await outcomeOf(() => verifyWebhookSignature(tamperedBody, tampered, secret));
          expect(outcome).not.toBe("ok");
        },
      ),
      { numRuns: 300 },
    );
  });
});
