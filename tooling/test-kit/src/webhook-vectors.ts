import { WebhookVerificationError } from "@leap-workflows/core";
import { describe, expect, test } from "vitest";
import fixture from "./fixtures/webhook-vectors.json";

/** One shared case: node, edge and core must all reach the same outcome on it. */
export interface WebhookVector {
  name: string;
  secrets: string[];
  now: number;
  body: string;
  headers: Record<string, string | undefined>;
  signature: string;
  run?: string;
}

export const webhookVectors: WebhookVector[] = fixture.vectors;

/** `"ok"`, or the reason of the WebhookVerificationError thrown. */
export async function outcomeOf(verify: () => unknown): Promise<string> {
  try {
    await verify();
    return "ok";
  } catch (error) {
    if (WebhookVerificationError.isInstance(error)) return error.reason;
    throw error;
  }
}

/** Runs every vector through a runtime's `verifySignature` and `verify`. */
export function webhookVectorSuite(
  name: string,
  verifier: {
    verifySignature(vector: WebhookVector, options: { now: () => number }): unknown;
    verify(vector: WebhookVector, options: { now: () => number }): unknown;
  },
): void {
  describe(`webhook vectors (${name})`, () => {
    test.each(webhookVectors)("$name", async (vector) => {
      const options = { now: () => vector.now * 1000 };
      expect(await outcomeOf(() => verifier.verifySignature(vector, options))).toBe(vector.signature);
      if (vector.run) expect(await outcomeOf(() => verifier.verify(vector, options))).toBe(vector.run);
    });
  });
}
