import * as z from "zod/mini";

/** The body of every error response: `{ "error": { "type", "message" } }`. */
export const errorResponseSchema = z.object({
  error: z.object({ type: z.string(), message: z.string() }),
});

/** The parsed body of an error response. */
export type ErrorResponse = z.infer<typeof errorResponseSchema>;
