// The whole job without our SDK: openapi-fetch for create + poll, svix to verify the webhook (no validation).
import createClient from "openapi-fetch";
import { Webhook } from "svix";

interface Run {
  id: string;
  status: string;
}

export async function job(apiKey: string, secret: string, body: string, headers: Record<string, string>) {
  const client = createClient({
    baseUrl: "https://api.workflows.tryleap.ai",
    headers: { "x-api-key": apiKey },
  });
  const post = client.POST as unknown as (path: string, init: unknown) => Promise<{ data: Run }>;
  const get = client.GET as unknown as (path: string) => Promise<{ data: Run }>;
  let run = (await post("/v1/runs", { body: { workflow_id: "wkf_123", inputs: { foo: "bar" } } })).data;
  while (run.status === "running") {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    run = (await get(`/v1/runs/${run.id}`)).data;
  }
  return new Webhook(secret).verify(body, headers);
}
