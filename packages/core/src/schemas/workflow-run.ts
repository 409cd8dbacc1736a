import * as z from "zod/mini";
import { differentValuesMessage, sameJson } from "./checks";
import { runStatusSchema } from "./run-status-schema";

const jsonObject = z.record(z.string(), z.unknown());

const workflowRunShape = {
  id: z.string(),
  version_id: z.string(),
  status: runStatusSchema,
  created_at: z.string(),
  started_at: z.nullable(z.string()),
  ended_at: z.nullable(z.string()),
  workflow_id: z.string(),
  error: z.nullable(z.string()),
  input: z.nullable(jsonObject),
  output: z.unknown(),
};

/**
 * The Workflow Run object, as returned by the API and delivered to webhooks. Fields it does not name are
 * kept (a field Leap adds is readable before the SDK knows it); `input` is null for a run started without
 * inputs.
 */
export const workflowRunSchema = z.looseObject(workflowRunShape);

/**
 * A workflow run. `status` may be one this SDK version does not know yet; such a run is final. The type
 * names the known fields only; a parsed run also carries any field the API added since.
 */
export type WorkflowRun = z.infer<z.ZodMiniObject<typeof workflowRunShape, z.core.$strip>>;

/**
 * Parameters of `leap.run()` / `POST /v1/runs`. The inputs may be passed as `inputs` (Leap's docs page)
 * or `input` (Leap's published schema and official SDK); both are sent. When both are given they must be
 * equal.
 */
export const createRunParamsSchema = z
  .object({
    workflow_id: z.string().check(z.minLength(1, "must be a non-empty workflow id such as wkf_123")),
    webhook_url: z.optional(z.url({ protocol: /^https?$/, error: "must be an http(s) URL" })),
    inputs: z.optional(jsonObject),
    input: z.optional(jsonObject),
  })
  .check(
    z.refine(
      (params) =>
        params.inputs === undefined || params.input === undefined || sameJson(params.inputs, params.input),
      {
        path: ["input"],
        message: differentValuesMessage("inputs", "input"),
      },
    ),
  );

/** What `leap.run()` accepts: the workflow to run, its inputs, and where to send the finished run. */
export type CreateRunParams = z.infer<typeof createRunParamsSchema>;
