// src/index.ts of a Worker: `wrangler secret put LEAP_API_KEY` and `LEAP_WEBHOOK_SECRET`.
import { verifyWebhook, WebhookVerificationError, Workflows } from "@leap-workflows/edge";

interface Env {
  LEAP_API_KEY: string;
  LEAP_WEBHOOK_SECRET: string;
  LEAP_BASE_URL?: string;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);

    // POST /hooks/leap: Leap calls this when a run completes or fails.
    if (request.method === "POST" && url.pathname === "/hooks/leap") {
      try {
        const run = await verifyWebhook(request, env.LEAP_WEBHOOK_SECRET);
        console.log("webhook", run.id, run.status);
        return Response.json({ ok: true });
      } catch (error) {
        if (!WebhookVerificationError.isInstance(error)) throw error;
        return Response.json({ error: error.reason }, { status: 401 });
      }
    }

    // GET /?name=Ada: runs a workflow and answers with its output. Workers have no process.env, so the key
    // comes from the environment bindings.
    const leap = new Workflows({ apiKey: env.LEAP_API_KEY, baseUrl: env.LEAP_BASE_URL });
    const run = await leap.runAndWait({
      workflow_id: "wkf_echo",
      inputs: { name: url.searchParams.get("name") ?? "world" },
    });
    return Response.json({ status: run.status, output: run.output });
  },
};
