import type { IncomingMessage, ServerResponse } from "node:http";

/** Options of {@link guardRequest}. */
export interface RequestGuardOptions {
  /** The largest POST body, in bytes. @default 1_048_576 */
  maxBodyBytes?: number;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

function hostnameOf(host: string): string {
  const lower = host.toLowerCase();
  return lower.startsWith("[") ? lower.slice(0, lower.indexOf("]") + 1) : (lower.split(":")[0] ?? "");
}

/** Why a request to the playground is refused, as a status and message, or `undefined` to serve it. */
export function refusalOf(
  request: IncomingMessage,
  options: RequestGuardOptions = {},
): { status: number; message: string } | undefined {
  const host = request.headers.host;
  // A page that rebinds its DNS name to 127.0.0.1 still sends its own name as Host (Vite's allowedHosts).
  if (!host || !LOOPBACK.has(hostnameOf(host))) {
    return { status: 403, message: "The playground answers only 127.0.0.1, localhost and [::1]" };
  }
  // Browsers send Origin on cross-origin requests (and on same-origin POSTs): only the page itself may call.
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) {
    return {
      status: 403,
      message: `Requests from ${origin} are not allowed; open the playground's own page`,
    };
  }
  if (request.method !== "POST") return undefined;
  // A cross-site form or text/plain fetch needs no CORS preflight; requiring JSON forces one, which fails.
  const type = (request.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") {
    return { status: 415, message: "POST bodies must be sent as content-type: application/json" };
  }
  // Node's parser delivers no more than the declared length, so checking it caps what is buffered.
  const declared = request.headers["content-length"];
  if (declared === undefined) return { status: 411, message: "POSTs must declare their Content-Length" };
  const maxBodyBytes = options.maxBodyBytes ?? 1_048_576;
  if (Number(declared) > maxBodyBytes) {
    return { status: 413, message: `The body exceeds ${maxBodyBytes} bytes` };
  }
  return undefined;
}

/**
 * Answers a refused request (`{ error: { message } }`, connection closed) and returns `false`; returns
 * `true` when the request may be served.
 */
export function guardRequest(
  request: IncomingMessage,
  response: ServerResponse,
  options: RequestGuardOptions = {},
): boolean {
  const refusal = refusalOf(request, options);
  if (!refusal) return true;
  response.writeHead(refusal.status, { "content-type": "application/json", connection: "close" });
  response.end(JSON.stringify({ error: { message: refusal.message } }));
  // Unread body bytes must not be parsed as a next request on this connection.
  response.once("finish", () => request.destroy());
  return false;
}
