import { APIError } from "./api-error";
import { LeapError } from "./leap-error";

/**
 * The API answered with a redirect (3xx). The client never follows one, to any origin, its own included:
 * following would send the API key and the request body wherever `Location` points. Not retried.
 * `status` is 0 and `location` undefined where the runtime hides the redirect (an opaque redirect in browsers).
 */
export class RedirectError extends APIError {
  static override readonly kind = "RedirectError";
  /** The `Location` the API pointed to, when the runtime exposes it. */
  readonly location: string | undefined;
  constructor(details: { status: number; headers: Headers; location?: string | undefined }) {
    super({ status: details.status, headers: details.headers, body: "" });
    this.location = details.location;
    const where = details.location === undefined ? "" : ` to ${JSON.stringify(details.location)}`;
    const status = details.status === 0 ? "a redirect" : `${details.status}, a redirect${where}`;
    this.message =
      `The API answered ${status}, which the client does not follow (the API key and body stay with ` +
      "baseUrl): set baseUrl to the API's final URL";
  }
}

/** The response body was larger than `maxResponseBytes`; reading stopped there. Not retried. */
export class ResponseTooLargeError extends LeapError {
  static override readonly kind = "ResponseTooLargeError";
  /** The limit that was passed, in bytes. */
  readonly maxResponseBytes: number;
  constructor(maxResponseBytes: number) {
    super(
      `The response is larger than maxResponseBytes (${maxResponseBytes} bytes); reading stopped there. ` +
        "Raise maxResponseBytes if the API really sends that much",
    );
    this.maxResponseBytes = maxResponseBytes;
  }
}
