// The comparable job on ky: create and poll by hand; no validation, no webhook verification.
import ky from "ky";

export async function job(apiKey: string) {
  const api = ky.create({
    baseUrl: "https://api.workflows.tryleap.ai/",
    headers: { "x-api-key": apiKey },
    retry: 2,
  });
  let run = await api
    .post("v1/runs", { json: { workflow_id: "wkf_123", inputs: { foo: "bar" } } })
    .json<{ id: string; status: string }>();
  while (run.status === "running") run = await api.get(`v1/runs/${run.id}`).json();
}
