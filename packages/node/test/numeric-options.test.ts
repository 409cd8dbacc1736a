import { describe, expect, test } from "vitest";
import {
  ConfigurationError,
  createWebhookHeaders,
  generateWebhookSecret,
  verifyWebhookSignature,
  Workflows,
  webhookHandler,
} from "../src/index";

// Node's entry points hand their numbers to core's one validator; these prove each is wired to it.
const secret = generateWebhookSecret();

function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("node: numeric options that would switch a protection off", () => {
  test.each([
    ["maxBodyBytes", Number.NaN],
    ["dedupeTtlSeconds", Number.NaN],
    ["toleranceSeconds", Number.POSITIVE_INFINITY],
  ])("webhookHandler with %s: %s is a ConfigurationError at setup", (option, value) => {
    const error = thrown(() => webhookHandler(secret, () => {}, { [option]: value }));
    expect(ConfigurationError.isInstance(error), String(error)).toBe(true);
    expect((error as Error).message).toContain(option);
  });

  test("verifyWebhookSignature with toleranceSeconds: NaN does not accept a ten-year-old webhook", async () => {
    const body = "{}";
    const headers = await createWebhookHeaders({ secret, body, timestamp: 1_000_000 });
    const error = thrown(() =>
      verifyWebhookSignature(body, headers, secret, {
        toleranceSeconds: Number.NaN,
        now: () => (1_000_000 + 10 * 365 * 86_400) * 1000,
      }),
    );
    expect(ConfigurationError.isInstance(error), String(error)).toBe(true);
    expect((error as Error).message).toContain("toleranceSeconds");
  });

  test.each([{ maxRetries: 1.5 }, { maxResponseBytes: Number.NaN }, { timeout: Number.POSITIVE_INFINITY }])(
    "new Workflows(%j) on undici is a ConfigurationError",
    (options) => {
      const error = thrown(() => new Workflows({ apiKey: "k", ...options }));
      expect(ConfigurationError.isInstance(error), String(error)).toBe(true);
    },
  );
});
