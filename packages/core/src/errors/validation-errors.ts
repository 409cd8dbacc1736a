import { describeIssues, type ValidationIssue } from "../schemas/format-issues";
import { LeapError } from "./leap-error";

/** A parameter given to the SDK is invalid; nothing was sent. `issues` name each field. */
export class ValidationError extends LeapError {
  static override readonly kind: string = "ValidationError";
  readonly issues: ValidationIssue[];
  constructor(what: string, issues: ValidationIssue[]) {
    super(`Invalid ${what}: ${describeIssues(issues)}`);
    this.issues = issues;
  }
}

/** The API answered 2xx with a body that breaks the contract. `issues` name each field. */
export class InvalidResponseError extends LeapError {
  static override readonly kind = "InvalidResponseError";
  readonly status: number;
  readonly issues: ValidationIssue[];
  /** The body as received (parsed JSON, or the text when it was not JSON). */
  readonly body: unknown;
  readonly requestId: string | undefined;
  constructor(options: {
    status: number;
    issues: ValidationIssue[];
    body: unknown;
    requestId?: string | undefined;
  }) {
    super(
      `The API answered ${options.status} with a body that breaks the contract: ${describeIssues(options.issues)}${
        options.requestId ? ` (request ${options.requestId})` : ""
      }`,
    );
    this.status = options.status;
    this.issues = options.issues;
    this.body = options.body;
    this.requestId = options.requestId;
  }
}

/** The client is misconfigured, e.g. no API key; raised when the client is created. */
export class ConfigurationError extends LeapError {
  static override readonly kind = "ConfigurationError";
}
