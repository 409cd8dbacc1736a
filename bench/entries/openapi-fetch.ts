// The comparable job on openapi-fetch: create and poll by hand; no validation, no webhook verification.
import createClient from "openapi-fetch";

interface Run {
  id: string;
  status: string;
}

export async function job(apiKey: string) {
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
}
