import * as z from "zod/mini";

const errorShape = { type: z.string(), message: z.string() };

/** The body of every error response: `{ "error": { "type", "message" } }`; other fields are kept. */
export const errorResponseSchema = z.looseObject({ error: z.looseObject(errorShape) });

/** The parsed body of an error response (the known fields; a parsed body keeps the others too). */
export type ErrorResponse = { error: z.infer<z.ZodMiniObject<typeof errorShape, z.core.$strip>> };
