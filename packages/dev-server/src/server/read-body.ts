import type { IncomingMessage } from "node:http";
import { ApiFailure } from "../api-failure";

/** Reads a JSON request body of at most `maxBytes`; 413 above it, 400 when it is not a JSON object. */
export async function readJsonObject(
  request: IncomingMessage,
  maxBytes: number,
): Promise<Record<string, unknown>> {
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > maxBytes)
    throw new ApiFailure(413, "payload_too_large", `The body exceeds ${maxBytes} bytes`);
  const text = await readText(request, maxBytes);
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
  return body as Record<string, unknown>;
}

// Events rather than `for await`: leaving a for-await loop destroys the socket before the 413 can be sent.
function readText(request: IncomingMessage, maxBytes: number): Promise<string> {
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
    request.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.once("error", reject);
  });
}
