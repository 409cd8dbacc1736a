import { invalidMessage, type ValidationIssue } from "../validation/format-issues";
import { LeapError } from "./leap-error";

/** A parameter given to the SDK is invalid; nothing was sent. `issues` name each field. */
export class ValidationError extends LeapError {
  static override readonly kind: string = "ValidationError";
  declare readonly issues: ValidationIssue[];
  constructor(what: string, issues: ValidationIssue[]) {
    super(invalidMessage(what, issues));
    this.issues = issues;
  }
}

/** The API answered 2xx with a body that breaks the contract. `issues` name each field. */
export class InvalidResponseError extends LeapError {
  static override readonly kind = "InvalidResponseError";
  declare readonly status: number;
  declare readonly issues: ValidationIssue[];
  /** The body as received (parsed JSON, or the text when it was not JSON). */
  declare readonly body: unknown;
  declare readonly requestId: string | undefined;
  constructor(options: {
    status: number;
    issues: ValidationIssue[];
    body: unknown;
    requestId?: string | undefined;
  }) {
    super(
      invalidMessage(`${options.status} response`, options.issues) +
        (options.requestId ? ` (request ${options.requestId})` : ""),
    );
    this.status = options.status;
    this.issues = options.issues;
    this.body = options.body;
    this.requestId = options.requestId;
  }
}

/**
 * An option is invalid, e.g. no API key or `maxRetries: 1.5`: raised when the client (or handler) is
 * created, or by a call given a bad per-call option, before anything is sent. `issues` name each option.
 */
export class ConfigurationError extends LeapError {
  static override readonly kind = "ConfigurationError";
  declare readonly issues: ValidationIssue[];
  constructor(message: string, options?: { issues?: ValidationIssue[] | undefined; cause?: unknown }) {
    super(message, options);
    this.issues = options?.issues ?? [];
  }
}
