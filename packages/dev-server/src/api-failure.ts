/** An API error with its HTTP status and `error.type`, answered as `{ "error": { type, message } }`. */
export class ApiFailure extends Error {
  readonly status: number;
  readonly type: string;
  readonly headers: Record<string, string>;
  constructor(status: number, type: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.type = type;
    this.headers = headers;
  }
}
