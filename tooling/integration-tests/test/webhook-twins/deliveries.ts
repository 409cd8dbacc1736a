import { createWebhookHeaders, generateWebhookSecret } from "@leap-workflows/core";
import type { Sent } from "./runtimes";

export const SECRET = generateWebhookSecret();

/** A finished run as Leap delivers it. */
export const RUN = {
  id: "rnp_twins1",
  version_id: "vsp_1",
  status: "completed",
  created_at: "2026-11-28T12:00:00.000Z",
  started_at: "2026-11-28T12:00:00.100Z",
  ended_at: "2026-11-28T12:00:01.000Z",
  workflow_id: "wkf_123",
  error: null,
  input: { foo: "bar" },
  output: { answer: 42 },
};

/** A finished bulk run as Leap delivers it. */
export const BULK_RUN = {
  id: "bkr_twins1",
  version_id: "vsp_1",
  status: "completed",
  created_at: "2026-11-28T12:00:00.000Z",
  workflow_id: "wkf_123",
  input_csv_url: "https://example.test/in.csv",
  output_csv_url: "https://example.test/out.csv",
  error: null,
  row_count: 2,
};

/** A signed POST of `body` (JSON of a value, or a string as is); `timestamp` in unix seconds, default now. */
export async function signed(
  payload: unknown,
  options: { timestamp?: number; secret?: string; id?: string } = {},
): Promise<Sent> {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  const headers = await createWebhookHeaders({
    secret: options.secret ?? SECRET,
    body,
    timestamp: options.timestamp,
    id: options.id,
  });
  return { method: "POST", headers: { "content-type": "application/json", ...headers }, body };
}
