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
  // Redis / Durable Object stores are async; the in-memory one is sync.
  expectTypeOf<{
    claim: (id: string, entry: { token: string; ttlSeconds: number }) => Promise<"claimed" | "duplicate">;
    complete: (id: string, entry: { token: string; ttlSeconds: number }) => Promise<void>;
    release: (id: string, entry: { token: string }) => Promise<void>;
  }>().toExtend<WebhookIdStore>();
  expectTypeOf(webhookHandler).parameter(0).toEqualTypeOf<string | readonly string[] | null>();
});
