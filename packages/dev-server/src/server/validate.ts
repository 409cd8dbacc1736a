import { createBulkRunParamsSchema, createRunParamsSchema, validationErrorMap } from "@leap-workflows/core";
import { ApiFailure } from "../api-failure";
import type { BulkRunRequest, RunRequest } from "../engine";

interface Issue {
  path: PropertyKey[];
  message: string;
}

function invalid(issues: readonly Issue[]): ApiFailure {
  const detail = issues
    .map((issue) => `${issue.path.map(String).join(".") || "(body)"}: ${issue.message}`)
    .join("; ");
  return new ApiFailure(400, "invalid_request", detail);
}

/** Validates a `POST /v1/runs` body with core's schema (the contract); `input` is accepted as the old name of `inputs`. */
export function parseRunRequest(body: Record<string, unknown>): RunRequest {
  const { input, ...rest } = body;
  if (input !== undefined && rest.inputs !== undefined) {
    throw new ApiFailure(
      400,
      "invalid_request",
      "Send the workflow's inputs as `inputs` only, not both `inputs` and `input`",
    );
  }
  const result = createRunParamsSchema.safeParse(input === undefined ? rest : { ...rest, inputs: input }, {
    error: validationErrorMap,
  });
  if (!result.success) throw invalid(result.error.issues);
  return result.data;
}

/** Validates a `POST /v1/runs/bulk` body with core's schema. */
export function parseBulkRunRequest(body: Record<string, unknown>): BulkRunRequest {
  const result = createBulkRunParamsSchema.safeParse(body, { error: validationErrorMap });
  if (!result.success) throw invalid(result.error.issues);
  const protocol = new URL(result.data.input_csv_url).protocol;
  if (!["http:", "https:", "file:"].includes(protocol)) {
    throw new ApiFailure(400, "invalid_request", "input_csv_url: must be an http(s) or file: URL");
  }
  return result.data;
}
