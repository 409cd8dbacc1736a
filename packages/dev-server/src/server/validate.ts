import { type ValidationIssue, validateRequestBody } from "@leap-workflows/core/internal";
import { ApiFailure } from "../api-failure";
import type { BulkRunRequest } from "../bulk-runs";
import type { RunRequest } from "../runs";

// The same generated checks as the client's (core's validateRequestBody), so a bad field reads the same
// in a client's ValidationError and in this server's 400: `workflow_id: expected a non-empty string`.
function invalid(issues: readonly ValidationIssue[]): ApiFailure {
  return new ApiFailure(
    400,
    "invalid_request",
    issues.map(({ path, message }) => `${path}: ${message}`).join("; "),
  );
}

/**
 * Validates a `POST /v1/runs` body against the contract. The inputs may come as `inputs` (Leap's docs
 * page), `input` (Leap's published schema and official SDK) or both (core's client sends both); both with
 * different values is a 400 naming both.
 */
export function parseRunRequest(body: Record<string, unknown>): RunRequest {
  const result = validateRequestBody("CreateRunRequest", body);
  if (!result.ok) throw invalid(result.issues);
  const { input, inputs, ...rest } = result.value;
  const value = inputs ?? input;
  // One name from here on, so a replay that names the inputs differently is the same request.
  return value === undefined ? rest : { ...rest, inputs: value };
}

/** Validates a `POST /v1/runs/bulk` body against the contract. */
export function parseBulkRunRequest(body: Record<string, unknown>): BulkRunRequest {
  const result = validateRequestBody("CreateBulkRunRequest", body);
  if (!result.ok) throw invalid(result.issues);
  const protocol = new URL(result.value.input_csv_url).protocol;
  if (!["http:", "https:", "file:"].includes(protocol)) {
    throw new ApiFailure(400, "invalid_request", "input_csv_url: must be an http(s) or file: URL");
  }
  return result.value;
}
