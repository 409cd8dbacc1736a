import { LeapError } from "./leap-error";

/** Everything the API told us about a failed request. */
export interface APIErrorDetails {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
}

function errorField(body: unknown, field: "type" | "message"): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== "object" || error === null) return undefined;
  const value = (error as Record<string, unknown>)[field];
  return typeof value === "string" ? value : undefined;
}

// Leap's published schema documents a 401 with no body at all, so the message says what it means and what
// to check. It names where the key comes from, never the key itself.
const UNAUTHORIZED_HINT =
  "the API key was refused. Check it (the apiKey option or LEAP_API_KEY) and that it reaches the API in the X-Api-Key header";

/** The API answered with a non-2xx status. Subclasses name each meaningful status. */
export class APIError extends LeapError {
  static override readonly kind: string = "APIError";
  /** The HTTP status code. */
  readonly status: number;
  /** The response headers. */
  readonly headers: Headers;
  /** The parsed error body (`{ error: { type, message } }` when the API follows its contract). */
  readonly body: unknown;
  /** `error.type` from the body, e.g. `not_found`, when present. */
  readonly type: string | undefined;
  /** The `x-request-id` response header: quote it when asking for support. */
  readonly requestId: string | undefined;

  constructor(details: APIErrorDetails) {
    const type = errorField(details.body, "type");
    const detail =
      errorField(details.body, "message") ??
      (typeof details.body === "string" ? details.body.slice(0, 200) : "");
    const head = `${details.status}${type ? ` ${type}` : ""}`;
    let summary = detail ? `${head}: ${detail}` : head;
    if (details.status === 401) summary = `${summary}${detail ? ";" : ":"} ${UNAUTHORIZED_HINT}`;
    const requestId = details.headers.get("x-request-id") ?? undefined;
    super(`${summary}${requestId ? ` (request ${requestId})` : ""}`);
    this.status = details.status;
    this.headers = details.headers;
    this.body = details.body;
    this.type = type;
    this.requestId = requestId;
  }

  /** Builds the subclass that matches `details.status`. */
  static fromResponse(details: APIErrorDetails): APIError {
    const ErrorClass =
      STATUS_CLASSES[details.status] ?? (details.status >= 500 ? InternalServerError : APIError);
    return new ErrorClass(details);
  }
}

/** 400: the request was malformed. Not retried. */
export class BadRequestError extends APIError {
  static override readonly kind = "BadRequestError";
}
/** 401: the API key is missing or wrong. Not retried. */
export class AuthenticationError extends APIError {
  static override readonly kind = "AuthenticationError";
}
/** 403: the API key may not do this. Not retried. */
export class PermissionDeniedError extends APIError {
  static override readonly kind = "PermissionDeniedError";
}
/** 404: no such workflow, run or bulk run. Not retried. */
export class NotFoundError extends APIError {
  static override readonly kind = "NotFoundError";
}
/** 409: a conflict, e.g. an Idempotency-Key reused with a different body. */
export class ConflictError extends APIError {
  static override readonly kind = "ConflictError";
}
/** 413: the request body is too large. Not retried. */
export class PayloadTooLargeError extends APIError {
  static override readonly kind = "PayloadTooLargeError";
}
/** 422: the request was well-formed but cannot be processed. Not retried. */
export class UnprocessableEntityError extends APIError {
  static override readonly kind = "UnprocessableEntityError";
}
/** 429: too many requests. Retried after the delay the API asks for. */
export class RateLimitError extends APIError {
  static override readonly kind = "RateLimitError";
}
/** 5xx: the API failed. Retried. */
export class InternalServerError extends APIError {
  static override readonly kind = "InternalServerError";
}

const STATUS_CLASSES: Record<number, new (details: APIErrorDetails) => APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  413: PayloadTooLargeError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};
