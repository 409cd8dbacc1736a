import { generateWebhookSecret } from "@leap-workflows/core";
import { expect, test } from "vitest";

/** A `Request -> Response` webhook handler factory: edge's `webhookHandler`, node's `webhookFetchHandler`. */
export type FetchWebhookHandler = (
  secret: string,
  onRun: () => void,
  options: { maxBodyBytes?: number; bodyTimeoutMs?: number },
) => (request: Request) => Promise<Response>;

const secret = generateWebhookSecret();
const CHUNK = 64 * 1024;

/** A POST whose body is `stream`, as a platform hands a streamed upload to the handler. */
const streamed = (stream: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
  new Request("https://app.test/api/leap", {
    method: "POST",
    body: stream,
    headers: { "content-type": "application/json", ...headers },
    duplex: "half",
  } as RequestInit);

/**
 * A Fetch handler's body limits, tested on the `Request -> Response` function itself (under whichever globals
 * the calling test file runs: Node's or the edge runtime's).
 */
export function fetchBodyLimitTests(webhookHandler: FetchWebhookHandler): void {
  test("a 100 MB streamed body is answered 413 as soon as it passes maxBodyBytes, not read in full", async () => {
    let pulled = 0;
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 100 * 1024 * 1024) return controller.close();
        pulled += CHUNK;
        controller.enqueue(new Uint8Array(CHUNK));
      },
      cancel() {
        cancelled = true;
      },
    });
    let calls = 0;
    const handle = webhookHandler(secret, () => void calls++, { maxBodyBytes: 1024 * 1024 });
    const answer = await handle(streamed(body));
    expect(answer.status).toBe(413);
    expect(await answer.json()).toMatchObject({ error: { type: "body_too_large" } });
    expect(pulled).toBeLessThan(4 * 1024 * 1024);
    expect(cancelled).toBe(true);
    expect(calls).toBe(0);
  });

  test("a declared Content-Length over maxBodyBytes is answered 413 without reading the body", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(1));
      },
    });
    const handle = webhookHandler(secret, () => {}, { maxBodyBytes: 10 });
    const answer = await handle(streamed(body, { "content-length": "11" }));
    expect(answer.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(1);
  });

  test("a slow-loris body that never finishes is answered 408 and its stream cancelled", async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("{"));
      },
      cancel() {
        cancelled = true;
      },
    });
    let calls = 0;
    const handle = webhookHandler(secret, () => void calls++, { bodyTimeoutMs: 50 });
    const answer = await handle(streamed(body));
    expect(answer.status).toBe(408);
    expect(await answer.json()).toMatchObject({ error: { type: "body_timeout" } });
    expect(cancelled).toBe(true);
    expect(calls).toBe(0);
  });

  test("options that would switch the limits off are refused, naming the option", () => {
    expect(() => webhookHandler(secret, () => {}, { bodyTimeoutMs: Number.NaN })).toThrow(/bodyTimeoutMs/);
    expect(() => webhookHandler(secret, () => {}, { maxBodyBytes: Number.NaN })).toThrow(/maxBodyBytes/);
  });
}
