import { describe, expect, test } from "vitest";
import {
  ConfigurationError,
  createWebhookHeaders,
  generateWebhookSecret,
  verifyWebhookSignature,
  webhookHandler,
} from "../src/index";

// The edge entry points hand their numbers to core's one validator; these prove each is wired to it.
const secret = generateWebhookSecret();

describe("edge: numeric options that would switch a protection off", () => {
  test.each([
    ["maxBodyBytes", Number.NaN],
    ["dedupeTtlSeconds", Number.NaN],
    ["toleranceSeconds", Number.POSITIVE_INFINITY],
  ])("webhookHandler with %s: %s is a ConfigurationError at setup", (option, value) => {
    let error: unknown;
    try {
      webhookHandler(secret, () => {}, { [option]: value });
    } catch (caught) {
      error = caught;
    }
    expect(ConfigurationError.isInstance(error), String(error)).toBe(true);
    expect((error as Error).message).toContain(option);
  });

  test("verifyWebhookSignature with toleranceSeconds: NaN does not accept a ten-year-old webhook", async () => {
    const body = "{}";
    const headers = await createWebhookHeaders({ secret, body, timestamp: 1_000_000 });
    const error = await verifyWebhookSignature({ body, headers }, secret, {
      toleranceSeconds: Number.NaN,
      now: () => (1_000_000 + 10 * 365 * 86_400) * 1000,
    }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(ConfigurationError.isInstance(error), String(error)).toBe(true);
    expect((error as Error).message).toContain("toleranceSeconds");
  });
});
