import { checkCreateBulkRunParams, checkCreateRunParams } from "../generated/validators";
import { type Check, type ParseResult, validate } from "./checks";

// The request bodies a server validates, by their name in the OpenAPI document's components.schemas.
const REQUEST_CHECKS = {
  CreateRunRequest: checkCreateRunParams,
  CreateBulkRunRequest: checkCreateBulkRunParams,
} as const;

type RequestSchema = keyof typeof REQUEST_CHECKS;
type Checked<C> = C extends Check<infer T> ? T : never;

/**
 * Validates a request body with the generated checks the client runs before it sends one, so a server
 * (the dev server) words a bad field exactly as the client does: the parsed body (unknown fields
 * dropped), or the issues. For this project's own packages; not part of the client's API.
 */
export function validateRequestBody<S extends RequestSchema>(
  schema: S,
  body: unknown,
): ParseResult<Checked<(typeof REQUEST_CHECKS)[S]>> {
  return validate(REQUEST_CHECKS[schema] as Check<Checked<(typeof REQUEST_CHECKS)[S]>>, body);
}
