import { expectTypeOf, test } from "vitest";
import type { verifyWebhook as verifyOnEdge } from "../../edge/src/index";
import {
  type VerifyWebhookOptions,
  verifyWebhook,
  verifyWebhookSignature,
  type WebhookIdStore,
  type WebhookInput,
  type WorkflowRun,
  webhookHandler,
} from "../src/index";

// Checked by `tsc` (the package's typecheck): node verification stays synchronous, edge is a Promise.
test("webhook API types", () => {
  expectTypeOf(verifyWebhook).returns.toEqualTypeOf<WorkflowRun>();
  expectTypeOf(verifyWebhookSignature).returns.toEqualTypeOf<string>();
  expectTypeOf<typeof verifyOnEdge>().returns.toEqualTypeOf<Promise<WorkflowRun>>();
  expectTypeOf(verifyWebhook).parameter(0).toEqualTypeOf<string | Uint8Array | WebhookInput>();
  expectTypeOf(verifyWebhook)
    .parameter(2)
    .toEqualTypeOf<string | readonly string[] | VerifyWebhookOptions | undefined>();
  // Redis / KV stores may be async; the in-memory one is sync.
  expectTypeOf<{
    has: (id: string) => Promise<boolean>;
    add: (id: string, ttl: number) => Promise<void>;
  }>().toExtend<WebhookIdStore>();
  expectTypeOf(webhookHandler).parameter(0).toEqualTypeOf<string | readonly string[] | null>();
});
