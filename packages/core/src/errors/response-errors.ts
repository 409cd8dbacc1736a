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
  declare readonly location: string | undefined;
  constructor(details: { status: number; headers: Headers; location?: string | undefined }) {
    super({ status: details.status, headers: details.headers, body: "" });
    this.location = details.location;
    const where = details.location === undefined ? "" : ` to ${JSON.stringify(details.location)}`;
    const what = details.status ? ` (${details.status}${where})` : "";
    this.message = `Not following a redirect${what}: the key stays with baseUrl; set baseUrl to the final URL`;
  }
}

/** The response body was larger than `maxResponseBytes`; reading stopped there. Not retried. */
export class ResponseTooLargeError extends LeapError {
  static override readonly kind = "ResponseTooLargeError";
  /** The limit that was passed, in bytes. */
  declare readonly maxResponseBytes: number;
  constructor(maxResponseBytes: number) {
    super(
      `Response over maxResponseBytes (${maxResponseBytes}), reading stopped: raise maxResponseBytes if expected`,
    );
    this.maxResponseBytes = maxResponseBytes;
  }
}
