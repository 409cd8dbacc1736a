// A Worker that receives Leap webhooks; a Durable Object claims each webhook-id, so one isolate anywhere runs onRun.
import { type DurableObjectNamespaceLike, durableObjectIdStore, webhookHandler } from "@leap-workflows/edge";

// The store's Durable Object class, exported from the Worker's main module as Cloudflare requires.
export { WebhookIdStoreDurableObject } from "@leap-workflows/edge";

interface Env {
  LEAP_WEBHOOK_SECRET: string;
  WEBHOOK_IDS: DurableObjectNamespaceLike; // a Durable Object binding to WebhookIdStoreDurableObject
}

// Bindings arrive with the first request; the handler (and its imported key) is then reused by the isolate.
let handle: ((request: Request) => Promise<Response>) | undefined;

export default {
  fetch(request: Request, env: Env): Promise<Response> {
    handle ??= webhookHandler(
      env.LEAP_WEBHOOK_SECRET,
      async (run, { webhookId }) => {
        console.log("webhook", run.id, run.status, webhookId);
      },
      { dedupe: durableObjectIdStore(env.WEBHOOK_IDS) },
    );
    return handle(request);
  },
};
