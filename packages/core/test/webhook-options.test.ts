import { outcomeOf } from "@leap-workflows/test-kit/webhook-vectors";
import { afterEach, describe, expect, test, vi } from "vitest";
import { generateWebhookSecret, WebhookVerificationError } from "../src/index";
import { createAsyncWebhookVerifier, createWebhookHeaders, webCryptoHmac } from "../src/internal";
import { readHeader } from "../src/webhooks/headers";
import { parseWebhookSecrets } from "../src/webhooks/secret";

const verifier = createAsyncWebhookVerifier(webCryptoHmac);
afterEach(() => vi.restoreAllMocks());

describe("verification options and setup", () => {
  test("toleranceSeconds and now decide the accepted window, each way", async () => {
    const secret = generateWebhookSecret();
    const body = "{}";
    const headers = await createWebhookHeaders({ secret, body, timestamp: 1_000_000 });
    const at = (seconds: number, toleranceSeconds?: number) =>
      outcomeOf(() =>
        verifier.verifySignature(body, headers, secret, { now: () => seconds * 1000, toleranceSeconds }),
      );
    expect(await at(1_000_300)).toBe("ok");
    expect(await at(1_000_301)).toBe("timestamp_too_old");
    expect(await at(999_700)).toBe("ok");
    expect(await at(999_699)).toBe("timestamp_in_future");
    expect(await at(1_000_010, 10)).toBe("ok");
    expect(await at(1_000_011, 10)).toBe("timestamp_too_old");
    expect(await at(999_989, 10)).toBe("timestamp_in_future");
  });

  test("Web Crypto imports each secret's key once, not once per verification", async () => {
    const secret = generateWebhookSecret();
    const importKey = vi.spyOn(crypto.subtle, "importKey");
    for (let index = 0; index < 5; index++) {
      const body = `{"n":${index}}`;
      const headers = await createWebhookHeaders({ secret, body });
      expect(await verifier.verifySignature(body, headers, secret)).toBe(body);
    }
    expect(importKey).toHaveBeenCalledTimes(1);
  });

  test("several secrets: any one of them verifies; a missing or empty secret list fails at setup", async () => {
    const [old, current] = [generateWebhookSecret(), generateWebhookSecret()];
    const body = "{}";
    const headers = await createWebhookHeaders({ secret: old, body });
    expect(await verifier.verifySignature(body, headers, [current, old])).toBe(body);
    expect(await outcomeOf(() => verifier.verifySignature(body, headers, [current]))).toBe(
      "no_matching_signature",
    );
    for (const missing of [undefined, null, [], ""]) {
      let error: unknown;
      try {
        parseWebhookSecrets(missing as never);
      } catch (caught) {
        error = caught;
      }
      expect(WebhookVerificationError.isInstance(error)).toBe(true);
      expect((error as WebhookVerificationError).reason).toBe("malformed_secret");
      expect((error as Error).message).toMatch(/whsec_/);
    }
    expect(await outcomeOf(() => verifier.verifySignature(body, headers, []))).toBe("malformed_secret");
  });

  test("headers are read case-insensitively from Headers, plain objects and Node's array values", () => {
    expect(readHeader(new Headers({ "Webhook-Id": "a" }), "webhook-id")).toBe("a");
    expect(readHeader({ "WEBHOOK-ID": "b" }, "webhook-id")).toBe("b");
    expect(readHeader({ "webhook-id": ["c"] }, "webhook-id")).toBe("c");
    expect(readHeader({ "webhook-id": undefined }, "webhook-id")).toBeUndefined();
  });
});
