import { APIError } from "../errors/api-error";
import { APIConnectionError, APITimeoutError, APIUserAbortError } from "../errors/connection-errors";
import { RedirectError, ResponseTooLargeError } from "../errors/response-errors";
import { InvalidResponseError } from "../errors/validation-errors";
import { OPERATION, type Operation, type Traced } from "../tracing/operation";
import { type Check, validate } from "../validation/checks";
import { checkHeaders } from "./check-config";
import type { Clock } from "./clock";
import { type Deadline, startDeadline } from "./deadline";
import { isSilentLogger, type Logger, redactHeaders } from "./logger";
import type { RequestOptions } from "./request-options";
import { isRetryable, retryDelay } from "./retry";
import type { HttpRequest, HttpResponse, Transport } from "./transport";
import { validateRequestNumbers } from "./validate-numbers";

/** What HttpClient needs; resolved once by the Workflows constructor. */
export interface HttpClientConfig {
  apiKey: string;
  baseUrl: string;
  transport: Transport;
  timeout: number;
  maxRetries: number;
  maxResponseBytes: number;
  headers: Record<string, string>;
  logger: Logger;
  userAgent: string;
  /** Time, deadlines and waits between attempts (the system clock, or a test's virtual one). */
  clock: Clock;
}

interface Call<T> {
  method: "GET" | "POST";
  path: string;
  body?: unknown;
  /** Validates the response body (a check generated from the OpenAPI document). */
  check: Check<T>;
}

/** Sends calls with auth, timeouts, retries and response validation. Internal: not exported from the package. */
export class HttpClient {
  readonly #config: HttpClientConfig;
  /** The headers every call sends, merged once; a call's own headers are merged over a copy. */
  readonly #headers: Record<string, string>;
  /** The logger, or undefined when nothing would be logged: then no log data is built per call. */
  readonly #debugLogger: Logger | undefined;

  constructor(config: HttpClientConfig) {
    this.#config = config;
    this.#headers = mergeHeaders(
      { accept: "application/json", "user-agent": config.userAgent },
      config.headers,
      { "x-api-key": config.apiKey },
    );
    this.#debugLogger = isSilentLogger(config.logger) ? undefined : config.logger;
  }

  get baseUrl(): string {
    return this.#config.baseUrl;
  }

  get clock(): Clock {
    return this.#config.clock;
  }

  async request<T>(call: Call<T>, options: Traced<RequestOptions> = {}): Promise<T> {
    const config = this.#config;
    const log = this.#debugLogger;
    // Set when tracing is on: the span of the operation this call is part of.
    const operation = options[OPERATION];
    // Most calls pass none of these: the check costs nothing then.
    if (
      options.timeout !== undefined ||
      options.maxRetries !== undefined ||
      options.maxResponseBytes !== undefined
    ) {
      validateRequestNumbers("request options", options);
    }
    checkHeaders(options.headers, "request options headers");
    if (options.idempotencyKey !== undefined) {
      checkHeaders({ "idempotency-key": options.idempotencyKey }, "request options");
    }
    const maxRetries = options.maxRetries ?? config.maxRetries;
    const timeout = options.timeout ?? config.timeout;
    const maxResponseBytes = options.maxResponseBytes ?? config.maxResponseBytes;
    const url = config.baseUrl + call.path;
    // The API key goes last, so that no header given per call can replace it. (Object.assign, not a spread:
    // V8 adds the POST headers below to a spread's copy several times slower.)
    const headers = options.headers
      ? mergeHeaders(this.#headers, options.headers, { "x-api-key": config.apiKey })
      : Object.assign({}, this.#headers);
    if (call.method === "POST") {
      headers["content-type"] = "application/json";
      // One key per logical call, reused by every retry, so a retry can never start a second run. A key given
      // as a plain header counts too (it would otherwise be sent next to ours, joined into one value).
      headers["idempotency-key"] =
        options.idempotencyKey ?? headers["idempotency-key"] ?? crypto.randomUUID();
    }
    // Serialised once: every retry sends the same bytes (a traceparent added to webhook_url included).
    const body =
      call.body === undefined
        ? undefined
        : JSON.stringify(operation ? operation.outgoing(call.body as object, options) : call.body);

    for (let attempt = 0; ; attempt++) {
      const where = log && { method: call.method, url, attempt };
      log?.debug("request", { ...where, headers: redactHeaders(headers, config.apiKey) });
      try {
        const result = await this.#attempt(
          call,
          url,
          headers,
          body,
          timeout,
          maxResponseBytes,
          options.signal,
          operation,
        );
        log?.debug("request succeeded", where);
        return result;
      } catch (error) {
        const retry = attempt < maxRetries && isRetryable(error);
        const delay = retry ? retryDelay(attempt, error, config.clock.now()) : 0;
        log?.debug("request failed", {
          ...where,
          status: APIError.isInstance(error) ? error.status : undefined,
          error: (error as Error).name,
          retry,
          delayMs: Math.round(delay),
        });
        if (!retry) throw error;
        operation?.retry(attempt + 1, delay, error);
        await config.clock.sleep(delay, options.signal);
      }
    }
  }

  async #attempt<T>(
    call: Call<T>,
    url: string,
    headers: Record<string, string>,
    body: string | undefined,
    timeout: number,
    maxResponseBytes: number,
    userSignal: AbortSignal | undefined,
    operation: Operation | undefined,
  ): Promise<T> {
    if (userSignal?.aborted) throw new APIUserAbortError({ cause: userSignal.reason });
    // One deadline for connect, headers and body together: a server that sends headers then stalls must still time out.
    const deadline = startDeadline(timeout, userSignal, this.#config.clock);

    let response: HttpResponse;
    let text: string;
    try {
      response = await this.#config.transport(
        new OutgoingRequest(call.method, url, headers, body, deadline, maxResponseBytes),
      );
      const status = response.status;
      if (status >= 300 && status < 400) {
        response.cancel?.();
        throw new RedirectError({
          status,
          headers: response.headers,
          location: response.headers.get("location") ?? undefined,
        });
      }
      text = await response.text();
      // chars <= bytes: a transport that ignored maxResponseBytes is still held to it.
      if (text.length > maxResponseBytes) throw new ResponseTooLargeError(maxResponseBytes);
    } catch (error) {
      // Answers the client refuses, not failures to get one: never retried, never renamed.
      if (RedirectError.isInstance(error) || ResponseTooLargeError.isInstance(error)) throw error;
      if (userSignal?.aborted) throw new APIUserAbortError({ cause: userSignal.reason });
      if (deadline.timedOut) throw new APITimeoutError(timeout, { cause: error });
      throw new APIConnectionError(`Could not reach ${url} (${describeCause(error)})`, {
        cause: error,
      });
    } finally {
      deadline.dispose();
    }

    // Headers are read only on the error paths below: a transport may build them lazily, on first use.
    const status = response.status;
    operation?.response(status);
    // JSON.parse never returns undefined: undefined here means the body is not JSON.
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    if (status < 200 || status >= 300) {
      throw APIError.fromResponse({
        status,
        headers: response.headers,
        body: parsed === undefined ? text : parsed,
      });
    }
    if (parsed === undefined) {
      const received =
        text === "" ? "an empty body" : `${JSON.stringify(text.slice(0, 60))}${text.length > 60 ? "…" : ""}`;
      throw new InvalidResponseError({
        status,
        issues: [{ path: "(body)", message: `expected JSON, received ${received}` }],
        body: text,
        requestId: requestIdOf(response.headers),
      });
    }
    const result = validate(call.check, parsed);
    if (!result.ok) {
      throw new InvalidResponseError({
        status,
        issues: result.issues,
        body: parsed,
        requestId: requestIdOf(response.headers),
      });
    }
    return result.value;
  }
}

/** The request handed to the transport: `signal` (an AbortSignal) is built only when a transport reads it. */
class OutgoingRequest implements HttpRequest {
  // `declare`: set in the constructor only, so the bundle carries no field list besides.
  declare readonly method: "GET" | "POST";
  declare readonly url: string;
  declare readonly headers: Record<string, string>;
  declare readonly body: string | undefined;
  // Undici's transport listens on the deadline itself: far cheaper than an AbortSignal.
  declare readonly deadline: Deadline;
  declare readonly maxResponseBytes: number;

  constructor(
    method: "GET" | "POST",
    url: string,
    headers: Record<string, string>,
    body: string | undefined,
    deadline: Deadline,
    maxResponseBytes: number,
  ) {
    this.method = method;
    this.url = url;
    this.headers = headers;
    this.body = body;
    this.deadline = deadline;
    this.maxResponseBytes = maxResponseBytes;
  }

  get signal(): AbortSignal {
    return this.deadline.signal;
  }
}

// Header names are case-insensitive: `X-Api-Key` from the caller and our `x-api-key` must not both be sent.
function mergeHeaders(...sources: (Record<string, string> | undefined)[]): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const source of sources) {
    for (const [name, value] of Object.entries(source ?? {})) merged[name.toLowerCase()] = value;
  }
  return merged;
}

const requestIdOf = (headers: Headers): string | undefined => headers.get("x-request-id") ?? undefined;

// fetch hides the useful part ("ECONNREFUSED") in error.cause.
function describeCause(error: unknown): string {
  const parts: string[] = [];
  for (
    let current = error, depth = 0;
    current && depth < 4;
    current = (current as { cause?: unknown }).cause, depth++
  ) {
    const code = (current as { code?: unknown }).code;
    const message = current instanceof Error ? current.message : String(current);
    parts.push(typeof code === "string" && !message.includes(code) ? `${code}: ${message}` : message);
  }
  return parts.join(": ") || "unknown error";
}
