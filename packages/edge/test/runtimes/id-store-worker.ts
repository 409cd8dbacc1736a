// A receiver Worker for the Durable Object id-store proof: webhookHandler + durableObjectIdStore. Several copies
// run as separate Workers (isolates) in one workerd, sharing the WEBHOOK_IDS namespace. onRun reports each start
// and finish to the test's node:http counter (COUNTER_URL), an independent count.
import { type DurableObjectNamespaceLike, durableObjectIdStore, webhookHandler } from "@leap-workflows/edge";

export { WebhookIdStoreDurableObject } from "@leap-workflows/edge";

interface Env {
  SECRET: string;
  COUNTER_URL: string;
  WEBHOOK_IDS: DurableObjectNamespaceLike;
  CLAIM_TTL_SECONDS?: string;
  HANG_ID?: string;
  FAIL_ID?: string;
}

let handle: ((request: Request) => Promise<Response>) | undefined;

export default {
  fetch(request: Request, env: Env): Promise<Response> {
    const report = (event: string, webhookId: string | undefined) =>
      fetch(`${env.COUNTER_URL}/${event}/${webhookId}`, { method: "POST" });
    handle ??= webhookHandler(
      env.SECRET,
      async (_run, { webhookId }) => {
        await report("start", webhookId);
        // The counter never answers /hang: this attempt stays in onRun, like an instance that died there.
        if (webhookId === env.HANG_ID) await report("hang", webhookId);
        if (webhookId === env.FAIL_ID) throw new Error("onRun fails on purpose");
        await report("done", webhookId);
      },
      {
        dedupe: durableObjectIdStore(env.WEBHOOK_IDS),
        claimTtlSeconds: env.CLAIM_TTL_SECONDS ? Number(env.CLAIM_TTL_SECONDS) : undefined,
        onError: () => {},
      },
    );
    return handle(request);
  },
};
