import { LeapError } from "./leap-error";

/** Everything the API told us about a failed request. */
export interface APIErrorDetails {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
}

function errorField(body: unknown, field: "type" | "message"): string | undefined {
  const value = (body as { error?: Record<string, unknown> } | null | undefined)?.error?.[field];
  return typeof value === "string" ? value : undefined;
}

// Leap's published schema documents a 401 with no body at all, so the message says what it means and what
// to check. It names where the key comes from, never the key itself.
const UNAUTHORIZED_HINT = "the API key was refused: check apiKey or LEAP_API_KEY (sent as X-Api-Key)";

/** The API answered with a non-2xx status. Subclasses name each meaningful status. */
export class APIError extends LeapError {
  static override readonly kind: string = "APIError";
  /** The HTTP status code. */
  declare readonly status: number;
  /** The response headers. */
  declare readonly headers: Headers;
  /** The parsed error body (`{ error: { type, message } }` when the API follows its contract). */
  declare readonly body: unknown;
  /** `error.type` from the body, e.g. `not_found`, when present. */
  declare readonly type: string | undefined;
  /** The `x-request-id` response header: quote it when asking for support. */
  declare readonly requestId: string | undefined;

  constructor({ status, headers, body }: APIErrorDetails) {
    const type = errorField(body, "type");
    const detail = errorField(body, "message") ?? (typeof body === "string" ? body.slice(0, 200) : "");
    const requestId = headers.get("x-request-id") ?? undefined;
    // `401 unauthorized: <detail>: <hint> (request <id>)`, each part only when there is one.
    const summary = [type ? `${status} ${type}` : status, detail, status === 401 && UNAUTHORIZED_HINT]
      .filter(Boolean)
      .join(": ");
    super(`${summary}${requestId ? ` (request ${requestId})` : ""}`);
    this.status = status;
    this.headers = headers;
    this.body = body;
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
