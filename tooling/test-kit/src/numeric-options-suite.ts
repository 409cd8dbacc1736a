import { ConfigurationError, generateWebhookSecret } from "@leap-workflows/core";
import { createWebhookHeaders } from "@leap-workflows/core/internal";
import { describe, expect, test } from "vitest";

/** What node and edge hand their numeric options through: each entry point is proven wired to core's validator. */
export interface NumericOptionEntryPoints {
  webhookHandler(secret: string, onRun: () => void, options: Record<string, unknown>): unknown;
  /** Either runtime's `verifyWebhookSignature`, called with the `({ body, headers }, secret, options)` shape both take. */
  verifyWebhookSignature(
    webhook: { body: string; headers: Record<string, string> },
    secret: string,
    options: Record<string, unknown>,
  ): unknown;
  Workflows: new (options: Record<string, unknown>) => unknown;
}

/** Runs (and awaits) `call`; the error it threw or rejected with, else undefined. */
async function failure(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  return undefined;
}

function expectConfigurationError(error: unknown, option: string): void {
  expect(ConfigurationError.isInstance(error), String(error)).toBe(true);
  expect((error as Error).message).toContain(option);
}

/** Numeric options that, as NaN, fractional or infinite, would switch a protection off, on `runtime`'s entry points. */
export function numericOptionsSuite(runtime: string, entry: NumericOptionEntryPoints): void {
  const secret = generateWebhookSecret();

  describe(`${runtime}: numeric options that would switch a protection off`, () => {
    test.each([
      ["maxBodyBytes", Number.NaN],
      ["dedupeTtlSeconds", Number.NaN],
      ["toleranceSeconds", Number.POSITIVE_INFINITY],
    ])("webhookHandler with %s: %s is a ConfigurationError at setup", async (option, value) => {
      expectConfigurationError(
        await failure(() => entry.webhookHandler(secret, () => {}, { [option]: value })),
        option,
      );
    });

    test("verifyWebhookSignature with toleranceSeconds: NaN does not accept a ten-year-old webhook", async () => {
      const body = "{}";
      const headers = await createWebhookHeaders({ secret, body, timestamp: 1_000_000 });
      const error = await failure(() =>
        entry.verifyWebhookSignature({ body, headers }, secret, {
          toleranceSeconds: Number.NaN,
          now: () => (1_000_000 + 10 * 365 * 86_400) * 1000,
        }),
      );
      expectConfigurationError(error, "toleranceSeconds");
    });

    test.each([
      ["maxRetries", 1.5],
      ["maxResponseBytes", Number.NaN],
      ["timeout", Number.POSITIVE_INFINITY],
    ])("new Workflows({ %s: %s }) is a ConfigurationError", async (option, value) => {
      expectConfigurationError(
        await failure(() => new entry.Workflows({ apiKey: "k", [option]: value })),
        option,
      );
    });
  });
}
