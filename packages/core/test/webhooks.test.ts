import { webhookVectorSuite, webhookVectors } from "@leap-workflows/test-kit/webhook-vectors";
import { Webhook } from "svix";
import { describe, expect, test } from "vitest";
import { generateWebhookSecret, WebhookVerificationError } from "../src/index";
import {
  createAsyncWebhookVerifier,
  createWebhookHeaders,
  parseWebhookSecret,
  webCryptoHmac,
} from "../src/internal";
import { signWebhook } from "../src/webhooks/sign";

const verifier = createAsyncWebhookVerifier(webCryptoHmac);

webhookVectorSuite("core, Web Crypto", {
  verifySignature: (vector, options) =>
    verifier.verifySignature(vector.body, vector.headers, vector.secrets, options),
  verify: (vector, options) => verifier.verify(vector.body, vector.headers, vector.secrets, options),
});

describe("signing", () => {
  test("signWebhook reproduces the Standard Webhooks spec example", async () => {
    const spec = webhookVectors[0];
    expect(
      await signWebhook({
        secret: spec?.secrets[0] ?? "",
        id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
        timestamp: 1614265330,
        body: '{"test": 2432232314}',
      }),
    ).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });

  test("what we sign, svix verifies; what svix signs, we verify", async () => {
    const secret = generateWebhookSecret();
    const body = JSON.stringify({ hello: "wörld" });
    const headers = await createWebhookHeaders({ secret, body });
    expect(headers["webhook-id"]).toMatch(/^msg_[A-Za-z0-9]+$/);
    // svix's verify returns nothing and throws on a bad signature; the tampered case proves it checks.
    expect(() => new Webhook(secret).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow();

    const timestamp = new Date();
    const signature = new Webhook(secret).sign("msg_from_svix", timestamp, body);
    const fromSvix = {
      "webhook-id": "msg_from_svix",
      "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
      "webhook-signature": signature,
    };
    expect(await verifier.verifySignature(body, fromSvix, secret)).toBe(body);
  });

  test("a bytes body verifies like its text", async () => {
    const secret = generateWebhookSecret();
    const body = '{"ünïcode":true}';
    const headers = await createWebhookHeaders({ secret, body });
    expect(await verifier.verifySignature(new TextEncoder().encode(body), headers, secret)).toBe(body);
  });

  test("generated secrets are well-formed and distinct", () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(parseWebhookSecret(secret)).toHaveLength(24);
    expect(generateWebhookSecret()).not.toBe(secret);
  });

  test("errors never contain the secret or the expected signature", async () => {
    const secret = generateWebhookSecret();
    const body = '{"a":1}';
    const headers = await createWebhookHeaders({ secret, body });
    const expected = headers["webhook-signature"].slice(3);
    const error = await verifier.verifySignature(`${body} `, headers, secret).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(WebhookVerificationError.isInstance(error)).toBe(true);
    const text = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack}`;
    expect(text).not.toContain(secret.slice(6));
    expect(text).not.toContain(expected);
  });

  test("a parsed object instead of the raw body gets a message that says how to keep the raw body", async () => {
    const error = await verifier.verifySignature({ parsed: true } as never, {}, generateWebhookSecret()).then(
      () => undefined,
      (caught: unknown) => caught as WebhookVerificationError,
    );
    expect(error?.reason).toBe("invalid_body");
    expect(error?.message).toMatch(/raw/);
  });
});
