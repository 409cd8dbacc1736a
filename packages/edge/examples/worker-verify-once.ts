// A Worker on verifyWebhook: verify, then claim, process and complete the webhook-id through processWebhookOnce.
import {
  type DurableObjectNamespaceLike,
  durableObjectIdStore,
  processWebhookOnce,
  verifyWebhook,
  WebhookVerificationError,
  type WorkflowRun,
} from "@leap-workflows/edge";

export { WebhookIdStoreDurableObject } from "@leap-workflows/edge";

interface Env {
  LEAP_WEBHOOK_SECRET: string;
  WEBHOOK_IDS: DurableObjectNamespaceLike;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    let run: WorkflowRun;
    try {
      run = await verifyWebhook(request, env.LEAP_WEBHOOK_SECRET);
    } catch (error) {
      if (!WebhookVerificationError.isInstance(error) || error.reason === "malformed_secret") throw error;
      return Response.json({ error: error.reason }, { status: error.reason === "invalid_body" ? 400 : 401 });
    }
    // "processed" or "duplicate": 200; "in-progress": 409, so Leap retries; a throw releases the claim (500).
    const store = durableObjectIdStore(env.WEBHOOK_IDS);
    const result = await processWebhookOnce(store, request.headers.get("webhook-id") ?? "", async () => {
      console.log("webhook", run.id, run.status);
    });
    return Response.json({ result }, { status: result === "in-progress" ? 409 : 200 });
  },
};
