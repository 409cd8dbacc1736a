// Create a run, wait for it, verify a webhook: @leap-workflows/edge (validates requests, responses and webhooks).
import { verifyWebhook, Workflows } from "@leap-workflows/edge";

export async function job(apiKey: string, request: Request, secret: string) {
  const leap = new Workflows({ apiKey });
  const run = await leap.run({ workflow_id: "wkf_123", inputs: { foo: "bar" } });
  await leap.runs.wait(run.id);
  return verifyWebhook(request, secret);
}
