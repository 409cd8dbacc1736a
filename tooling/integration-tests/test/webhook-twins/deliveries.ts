import { type BulkRun, generateWebhookSecret, type WorkflowRun } from "@leap-workflows/core";
import { createWebhookHeaders } from "@leap-workflows/core/internal";
import { fakeBulkRun, fakeRun } from "@leap-workflows/test-kit/fixture-server";
import type { Sent } from "./runtimes";

export const SECRET = generateWebhookSecret();

/** A finished run as Leap delivers it. */
export const RUN = fakeRun({
  id: "rnp_twins1",
  status: "completed",
  ended_at: "2026-11-28T12:00:01.000Z",
  output: { answer: 42 },
}) as WorkflowRun;

/** A finished bulk run as Leap delivers it. */
export const BULK_RUN = fakeBulkRun({
  id: "bulk_twins1",
  status: "completed",
  output_csv_url: "https://example.test/out.csv",
  row_count: 2,
}) as BulkRun;

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
