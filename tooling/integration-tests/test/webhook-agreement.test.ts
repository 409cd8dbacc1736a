import { generateWebhookSecret, verifyWebhookSignature } from "@leap-workflows/edge";
import { createWebhookHeaders } from "@leap-workflows/edge/testing";
import { verifyWebhookSignature as verifyOnNode } from "@leap-workflows/node";
import { outcomeOf } from "@leap-workflows/test-kit/webhook-vectors";
import fc from "fast-check";
import { Webhook } from "svix";
import { describe, expect, test } from "vitest";

// node and edge through their public entries (their builds), so that a change to either reruns this test.
const NOW = 1_764_331_200;
const secrets = [generateWebhookSecret(), generateWebhookSecret()];

const change = fc.oneof(
  fc.constant({ kind: "none" as const }),
  fc.record({ kind: fc.constant("body" as const), noise: fc.string({ minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant("id" as const), noise: fc.string({ minLength: 1, maxLength: 4 }) }),
  // Shifts around the 300 s tolerance exercise both sides of the window.
  fc.record({
    kind: fc.constant("timestamp" as const),
    shift: fc.integer({ min: -700, max: 700 }).filter((shift) => shift !== 0),
  }),
  fc.record({ kind: fc.constant("signature" as const), value: fc.string({ maxLength: 60 }) }),
  fc.record({ kind: fc.constant("extra-signature" as const), value: fc.base64String({ maxLength: 44 }) }),
  fc.constant({ kind: "upper-case-names" as const }),
);

describe("node (node:crypto) and edge (Web Crypto) agree", () => {
  test("property: same outcome and reason on every generated case; untouched cases pass", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: "grapheme" }),
        fc.constantFrom(0, 1),
        fc.boolean(),
        change,
        async (body, signer, asBytes, applied) => {
          const signed = await createWebhookHeaders({ secret: secrets[signer] ?? "", body, timestamp: NOW });
          let headers: Record<string, string> = { ...signed };
          let sent = body;
          if (applied.kind === "body") sent = body + applied.noise;
          if (applied.kind === "id") headers["webhook-id"] += applied.noise;
          if (applied.kind === "timestamp") headers["webhook-timestamp"] = String(NOW + applied.shift);
          if (applied.kind === "signature") headers["webhook-signature"] = applied.value;
          if (applied.kind === "extra-signature")
            headers["webhook-signature"] = `v1,${applied.value} ${signed["webhook-signature"]}`;
          if (applied.kind === "upper-case-names")
            headers = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v]));
          const payload = asBytes ? new TextEncoder().encode(sent) : sent;
          const options = { now: () => NOW * 1000 };
          const onEdge = await outcomeOf(() =>
            verifyWebhookSignature({ body: payload, headers }, secrets[0] ?? "", options),
          );
          const onNode = await outcomeOf(() => verifyOnNode(payload, headers, secrets[0] ?? "", options));
          expect(onEdge).toBe(onNode);
          const untouched = ["none", "extra-signature", "upper-case-names"].includes(applied.kind);
          const withinTolerance = applied.kind !== "timestamp" || Math.abs(applied.shift) <= 300;
          if (signer === 0 && untouched) expect(onEdge).toBe("ok");
          if (signer === 1 || !untouched) expect(onEdge).not.toBe("ok");
          if (!withinTolerance) expect(onEdge).toMatch(/^timestamp_/);
        },
      ),
      { numRuns: 300 },
    );
  });

  test("property: svix (an independent implementation) and ours accept each other's signatures", async () => {
    const secret = secrets[0] ?? "";
    const svix = new Webhook(secret);
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: "grapheme" }),
        fc.stringMatching(/^msg_[A-Za-z0-9]{1,24}$/),
        async (body, id) => {
          const timestamp = new Date(NOW * 1000);
          const fromSvix = {
            "webhook-id": id,
            "webhook-timestamp": String(NOW),
            "webhook-signature": svix.sign(id, timestamp, body),
          };
          const options = { now: () => NOW * 1000 };
          expect(verifyOnNode(body, fromSvix, secret, options)).toBe(body);
          expect(await verifyWebhookSignature({ body, headers: fromSvix }, secret, options)).toBe(body);
          const ours = await createWebhookHeaders({ secret, body, id });
          expect(() => svix.verify(body, ours)).not.toThrow();
          expect(() => svix.verify(`${body} `, ours)).toThrow();
        },
      ),
      { numRuns: 200 },
    );
  });
});
