import { expectTypeOf, test } from "vitest";
import {
  verifyWebhook,
  verifyWebhookSignature,
  type WebhookIdStore,
  type WorkflowRun,
  webhookHandler,
} from "../src/index";

// Type tests (vitest typecheck): node verification stays synchronous (edge's is a Promise:
// tooling/integration-tests/test/webhook-types.test-d.ts).
test("webhook API types", () => {
  expectTypeOf(verifyWebhook).returns.toEqualTypeOf<WorkflowRun>();
  expectTypeOf(verifyWebhookSignature).returns.toEqualTypeOf<string>();
  expectTypeOf(verifyWebhook).parameter(0).toEqualTypeOf<string | Uint8Array>();
  expectTypeOf(verifyWebhook).parameter(2).toEqualTypeOf<string | readonly string[]>();
  // Redis / KV stores may be async; the in-memory one is sync.
  expectTypeOf<{
    has: (id: string) => Promise<boolean>;
    add: (id: string, ttl: number) => Promise<void>;
  }>().toExtend<WebhookIdStore>();
  expectTypeOf(webhookHandler).parameter(0).toEqualTypeOf<string | readonly string[] | null>();
});
