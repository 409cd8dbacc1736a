// A Worker that receives Leap webhooks; repeated deliveries are dropped across isolates through Workers KV.
import { type WebhookIdStore, webhookHandler } from "@leap-workflows/edge";

interface KV {
  get(key: string): Promise<string | null>;
  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>;
}

interface Env {
  LEAP_WEBHOOK_SECRET: string;
  WEBHOOK_IDS: KV; // a KV namespace binding
}

const kvIdStore = (kv: KV): WebhookIdStore => ({
  has: async (id) => (await kv.get(`leap-webhook:${id}`)) !== null,
  add: (id, ttlSeconds) => kv.put(`leap-webhook:${id}`, "1", { expirationTtl: Math.max(60, ttlSeconds) }),
});

// Bindings arrive with the first request; the handler (and its imported key) is then reused by the isolate.
let handle: ((request: Request) => Promise<Response>) | undefined;

export default {
  fetch(request: Request, env: Env): Promise<Response> {
    handle ??= webhookHandler(
      env.LEAP_WEBHOOK_SECRET,
      async (run, { webhookId }) => {
        console.log("webhook", run.id, run.status, webhookId);
      },
      { dedupe: kvIdStore(env.WEBHOOK_IDS) },
    );
    return handle(request);
  },
};
