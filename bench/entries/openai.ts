// The closest job on openai's client: create a batch-like job and poll it; webhooks verified by its helper.
import OpenAI from "openai";

export async function job(apiKey: string, body: string, headers: Record<string, string>) {
  const openai = new OpenAI({ apiKey, webhookSecret: "whsec_x" });
  const batch = await openai.batches.create({
    input_file_id: "f",
    endpoint: "/v1/responses",
    completion_window: "24h",
  });
  await openai.batches.retrieve(batch.id);
  return openai.webhooks.unwrap(body, headers);
}
