import type { IncomingMessage } from "node:http";
import { ApiFailure } from "../api-failure";
import { isNestedDeeperThan, MAX_JSON_DEPTH } from "./json-depth";

// Fatal: a body with invalid UTF-8 is refused rather than collapsed to U+FFFD, so two different bodies never
// read (and fingerprint) the same.
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * A refused body is still read, and thrown away, up to this many bytes: its client is still sending it, and a
 * connection closed under its writes can cost it the 413 (it sees a reset instead; RFC 9112 §9.6). A larger body
 * ends the connection with the answer.
 */
const DISCARD_LIMIT_BYTES = 16 * 1024 * 1024;

/** The 413: a body read to its end leaves the connection usable; one cut off ends the connection with it. */
function tooLarge(maxBytes: number, readToEnd: boolean): ApiFailure {
  const close: Record<string, string> = readToEnd ? {} : { connection: "close" };
  return new ApiFailure(413, "payload_too_large", `The body exceeds ${maxBytes} bytes`, close);
}

/**
 * Reads a JSON request body of at most `maxBytes`; 413 above it, 400 when it is not UTF-8, not a JSON object,
 * or nested deeper than {@link MAX_JSON_DEPTH} levels.
 */
export async function readJsonObject(
  request: IncomingMessage,
  maxBytes: number,
): Promise<Record<string, unknown>> {
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > DISCARD_LIMIT_BYTES) throw tooLarge(maxBytes, false);
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
// Past `maxBytes` the chunks are counted and dropped until the end (then the 413), or until
// DISCARD_LIMIT_BYTES (then the 413 that closes the connection).
function readBytes(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > DISCARD_LIMIT_BYTES) {
        request.off("data", onData);
        request.pause();
        reject(tooLarge(maxBytes, false));
      } else if (size <= maxBytes) chunks.push(chunk);
    };
    request.on("data", onData);
    request.once("end", () =>
      size > maxBytes ? reject(tooLarge(maxBytes, true)) : resolve(Buffer.concat(chunks)),
    );
    // A socket reset ("aborted") or a close before the end: settled once, as ClientGone.
    request.once("error", () => reject(new ClientGone()));
    request.once("close", () => {
      if (!request.complete) reject(new ClientGone());
    });
  });
}
