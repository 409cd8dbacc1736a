import { createBulkRunParamsSchema, createRunParamsSchema } from "@leap-workflows/core";
import { validationErrorMap } from "@leap-workflows/core/internal";
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

/**
 * Validates a `POST /v1/runs` body with core's schema (the contract). The inputs may come as `inputs`
 * (Leap's docs page), `input` (Leap's published schema and official SDK) or both (core's client sends
 * both); both with different values is a 400 naming both.
 */
export function parseRunRequest(body: Record<string, unknown>): RunRequest {
  const result = createRunParamsSchema.safeParse(body, { error: validationErrorMap });
  if (!result.success) throw invalid(result.error.issues);
  const { input, inputs, ...rest } = result.data;
  const value = inputs ?? input;
  // One name from here on, so a replay that names the inputs differently is the same request.
  return value === undefined ? rest : { ...rest, inputs: value };
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
