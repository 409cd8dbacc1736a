import type { TraceAttributes, TraceSpan } from "./tracer";

// OpenTelemetry's `SpanStatusCode.ERROR`, written out: no @opentelemetry/api import.
export const STATUS_ERROR = 2;

// Errors whose message may quote what was validated (inputs, outputs, a response body): only their type is recorded.
const MESSAGE_WITHHELD = ["ValidationError", "OutputValidationError", "InvalidResponseError"];

/** `error.type`: the SDK error's class name (`RateLimitError`, `APITimeoutError`…), else the error's name. */
export function errorType(error: unknown): string {
  return (error as Error | undefined)?.name || "Error";
}

/**
 * Marks `span` as failed with `error`: status ERROR, `error.type`, and an exception event. The message is kept
 * only for this SDK's errors that cannot quote a run's data; any other error (an `onRun`'s own included)
 * records its type alone.
 */
/** Runs `body` as the span's work: an error is recorded on the span and rethrown; the span ends either way. */
export async function inSpan<T>(span: TraceSpan, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    recordError(span, error);
    throw error;
  } finally {
    span.end();
  }
}

export function recordError(span: TraceSpan, error: unknown): void {
  const name = errorType(error);
  const own = typeof (error as { constructor?: { kind?: unknown } })?.constructor?.kind === "string";
  const message = own && !MESSAGE_WITHHELD.includes(name) ? (error as Error).message : name;
  span.setAttribute("error.type", name);
  span.recordException({ name, message });
  span.setStatus({ code: STATUS_ERROR, message });
}

/** `attributes` without the ones that have no value (OpenTelemetry would drop them with a warning). */
export function defined(attributes: TraceAttributes): TraceAttributes {
  const kept: TraceAttributes = {};
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) kept[key] = value;
  return kept;
}

/** Sets each attribute that has a value. */
export function setAttributes(span: TraceSpan, attributes: TraceAttributes): void {
  for (const [key, value] of Object.entries(defined(attributes))) span.setAttribute(key, value as string);
}

const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/**
 * What a run or bulk run tells a span: its id, status and workflow, under `leap.run.*` or `leap.bulk_run.*`
 * (`prefix`). Never its inputs or output.
 */
export function stateAttributes(prefix: string, state: unknown): TraceAttributes {
  const fields = state as { id?: unknown; status?: unknown; workflow_id?: unknown } | null | undefined;
  return {
    [`${prefix}.id`]: text(fields?.id),
    [`${prefix}.status`]: text(fields?.status),
    "leap.workflow.id": text(fields?.workflow_id),
  };
}
