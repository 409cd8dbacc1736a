import * as z from "zod/mini";
import { runStatusSchema } from "./run-status-schema";

const jsonObject = z.record(z.string(), z.unknown());

/** The Workflow Run object, as returned by the API and delivered to webhooks. */
export const workflowRunSchema = z.object({
  id: z.string(),
  version_id: z.string(),
  status: runStatusSchema,
  created_at: z.string(),
  started_at: z.nullable(z.string()),
  ended_at: z.nullable(z.string()),
  workflow_id: z.string(),
  error: z.nullable(z.string()),
  input: jsonObject,
  output: z.unknown(),
});

/** A workflow run. `status` may be one this SDK version does not know yet; such a run is final. */
export type WorkflowRun = z.infer<typeof workflowRunSchema>;

/** Parameters of `leap.run()` / `POST /v1/runs`. */
export const createRunParamsSchema = z.object({
  workflow_id: z.string().check(z.minLength(1, "must be a non-empty workflow id such as wkf_123")),
  webhook_url: z.optional(z.url({ protocol: /^https?$/, error: "must be an http(s) URL" })),
  inputs: z.optional(jsonObject),
});

/** What `leap.run()` accepts: the workflow to run, its inputs, and where to send the finished run. */
export type CreateRunParams = z.infer<typeof createRunParamsSchema>;
