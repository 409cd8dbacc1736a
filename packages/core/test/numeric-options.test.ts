import { describe, expect, test } from "vitest";
import { ConfigurationError, generateWebhookSecret } from "../src/index";
import {
  createAsyncWebhookVerifier,
  createWebhookHandler,
  createWebhookHeaders,
  webCryptoHmac,
} from "../src/internal";

// The webhook side of the one numeric-option validator (the client side runs in the shared client suite):
// options that, as NaN, negative, fractional or infinite, would switch a protection off.
const verifier = createAsyncWebhookVerifier(webCryptoHmac);
const secret = generateWebhookSecret();

function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  return undefined;
}

function expectNamed(error: unknown, option: string): void {
  expect(ConfigurationError.isInstance(error), String(error)).toBe(true);
  expect((error as ConfigurationError).issues.map((issue) => issue.path)).toEqual([option]);
  expect((error as Error).message).toContain("expected");
}

const TEN_YEARS = 10 * 365 * 24 * 3600;

describe("verifyWebhook: toleranceSeconds", () => {
  test.each([Number.NaN, Number.POSITIVE_INFINITY, -1, "300"])(
    "toleranceSeconds: %s does not accept a ten-year-old webhook: a ConfigurationError naming it",
    async (toleranceSeconds) => {
      const body = "{}";
      const headers = await createWebhookHeaders({ secret, body, timestamp: 1_000_000 });
      const now = () => (1_000_000 + TEN_YEARS) * 1000;
      const error = await verifier
        .verifySignature(body, headers, secret, { now, toleranceSeconds: toleranceSeconds as number })
        .then(
          () => undefined,
          (caught: unknown) => caught,
        );
      expectNamed(error, "toleranceSeconds");
    },
  );

  test("toleranceSeconds: 0 is the strictest window, and fractions are seconds too", async () => {
    const body = "{}";
    const headers = await createWebhookHeaders({ secret, body, timestamp: 1_000_000 });
    for (const toleranceSeconds of [0, 0.5, 300]) {
      const text = await verifier.verifySignature(body, headers, secret, {
        now: () => 1_000_000_000,
        toleranceSeconds,
      });
      expect(text).toBe(body);
    }
  });
});

describe("webhook handlers (node and edge share this setup)", () => {
  const handler = (options: Record<string, unknown>) =>
    createWebhookHandler(verifier.verifySignature, secret, () => {}, options);

  test.each([
    ["dedupeTtlSeconds", Number.NaN, "hands one delivery to onRun twice"],
    ["dedupeTtlSeconds", 0, "hands one delivery to onRun twice"],
    ["dedupeTtlSeconds", -60, "hands one delivery to onRun twice"],
    ["dedupeTtlSeconds", Number.POSITIVE_INFINITY, "never forgets an id in a store with expiry"],
    ["maxBodyBytes", Number.NaN, "buffers any body"],
    ["maxBodyBytes", Number.POSITIVE_INFINITY, "buffers any body"],
    ["maxBodyBytes", 0, "refuses every body"],
    ["maxBodyBytes", 1.5, "is not a byte count"],
    ["toleranceSeconds", Number.NaN, "accepts a ten-year-old webhook"],
    ["toleranceSeconds", -1, "refuses every webhook"],
  ])("%s: %s (which %s) is a ConfigurationError at setup", (option, value) => {
    expectNamed(
      thrown(() => handler({ [option]: value })),
      option,
    );
  });

  test.each([
    ["dedupeTtlSeconds", 1e16, "Redis refuses as a TTL: dedupe would silently stop"],
    ["claimTtlSeconds", 2 ** 31, "is beyond what every id store can hold"],
    ["storeTimeoutMs", 2 ** 31, "a timer cannot wait: it would fire early"],
    ["bodyTimeoutMs", 1e12, "a timer cannot wait: it would fire early"],
  ])("%s: %s (which %s) is refused at setup, naming the limit", (option, value) => {
    const error = thrown(() => handler({ [option]: value }));
    expectNamed(error, option);
    expect((error as Error).message).toContain(`${option}: expected at most 2147483647, received ${value}`);
  });

  test("documented values are accepted", () => {
    expect(() => handler({ dedupeTtlSeconds: 0.5, maxBodyBytes: 1, toleranceSeconds: 0 })).not.toThrow();
    expect(() =>
      handler({
        dedupeTtlSeconds: 2 ** 31 - 1,
        storeTimeoutMs: 2 ** 31 - 1,
        bodyTimeoutMs: Number.POSITIVE_INFINITY,
      }),
    ).not.toThrow();
    expect(() => handler({ dedupe: false })).not.toThrow();
  });
});
