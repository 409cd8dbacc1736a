// @leap-workflows/edge's client alone: create a run and wait for it (requests and responses validated).
import { Workflows } from "@leap-workflows/edge";

export async function job(apiKey: string) {
  const leap = new Workflows({ apiKey });
  const run = await leap.run({ workflow_id: "wkf_123", inputs: { foo: "bar" } });
  return leap.runs.wait(run.id);
}
