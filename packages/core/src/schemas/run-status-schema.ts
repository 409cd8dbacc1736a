import * as z from "zod/mini";
import type { RunStatus } from "./run-status";

// Apart from run-status.ts so that code needing only isFinal() does not load zod.
// Any string is accepted so that a status added server-side never breaks parsing; the cast only
// narrows the inferred type to `RunStatus`, and schemas.test-d.ts pins that to the generated enum.
export const runStatusSchema = z.string() as unknown as z.ZodMiniType<RunStatus>;
