import type { components } from "../generated/openapi";

/**
 * The parsed body of an error response, `{ "error": { "type", "message" } }` (the known fields; a parsed
 * body keeps the others too). Its zod schema, errorResponseSchema, is generated into src/generated/zod.ts.
 */
export type ErrorResponse = components["schemas"]["ErrorResponse"];
