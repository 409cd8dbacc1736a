import { expectTypeOf, test } from "vitest";
import {
  type VerifyWebhookOptions,
  verifyWebhook,
  verifyWebhookSignature,
  type WebhookIdStore,
  type WebhookInput,
  type WorkflowRun,
  webhookHandler,
} from "../src/index";

// Type tests (vitest typecheck): node verification stays synchronous (edge's is a Promise:
// tooling/integration-tests/test/webhook-types.test-d.ts).
test("webhook API types", () => {
  expectTypeOf(verifyWebhook).returns.toEqualTypeOf<WorkflowRun>();
  expectTypeOf(verifyWebhookSignature).returns.toEqualTypeOf<string>();
  expectTypeOf(verifyWebhook).parameter(0).toEqualTypeOf<string | Uint8Array | WebhookInput>();
  expectTypeOf(verifyWebhook)
    .parameter(2)
    .toEqualTypeOf<string | readonly string[] | VerifyWebhookOptions | undefined>();
  // Redis / Durable Object stores are async; the in-memory one is sync.
  expectTypeOf<{
    claim: (id: string, entry: { token: string; ttlSeconds: number }) => Promise<"claimed" | "duplicate">;
    complete: (id: string, entry: { token: string; ttlSeconds: number }) => Promise<void>;
    release: (id: string, entry: { token: string }) => Promise<void>;
  }>().toExtend<WebhookIdStore>();
  expectTypeOf(webhookHandler).parameter(0).toEqualTypeOf<string | readonly string[] | null>();
});
