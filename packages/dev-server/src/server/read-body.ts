import type { IncomingMessage } from "node:http";
import { ApiFailure } from "../api-failure";
import { isNestedDeeperThan, MAX_JSON_DEPTH } from "./json-depth";

// Fatal: a body with invalid UTF-8 is refused rather than collapsed to U+FFFD, so two different bodies never
// read (and fingerprint) the same.
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads a JSON request body of at most `maxBytes`; 413 above it, 400 when it is not UTF-8, not a JSON object,
 * or nested deeper than {@link MAX_JSON_DEPTH} levels.
 */
export async function readJsonObject(
  request: IncomingMessage,
  maxBytes: number,
): Promise<Record<string, unknown>> {
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > maxBytes)
    throw new ApiFailure(413, "payload_too_large", `The body exceeds ${maxBytes} bytes`);
  const bytes = await readBytes(request, maxBytes);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new ApiFailure(400, "invalid_json", "The body is not valid UTF-8");
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiFailure(
      400,
      "invalid_json",
      text.trim() === "" ? "The body is empty: send a JSON object" : "The body is not valid JSON",
    );
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ApiFailure(400, "invalid_request", "The body must be a JSON object");
  }
  if (isNestedDeeperThan(body, MAX_JSON_DEPTH)) {
    throw new ApiFailure(
      400,
      "invalid_request",
      `The body nests objects or arrays deeper than ${MAX_JSON_DEPTH} levels`,
    );
  }
  return body as Record<string, unknown>;
}

/** The client hung up (or its connection was closed) before its body fully arrived: nobody to answer. */
export class ClientGone extends Error {
  constructor() {
    super("the client closed the connection before its request body arrived");
  }
}

// Events rather than `for await`: leaving a for-await loop destroys the socket before the 413 can be sent.
function readBytes(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        request.off("data", onData);
        request.pause();
        reject(new ApiFailure(413, "payload_too_large", `The body exceeds ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    request.on("data", onData);
    request.once("end", () => resolve(Buffer.concat(chunks)));
    // A socket reset ("aborted") or a close before the end: settled once, as ClientGone.
    request.once("error", () => reject(new ClientGone()));
    request.once("close", () => {
      if (!request.complete) reject(new ClientGone());
    });
  });
}
