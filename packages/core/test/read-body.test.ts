import { describe, expect, test } from "vitest";
import { readTextCapped } from "../src/client/read-body";
import { ResponseTooLargeError } from "../src/index";

/** A body of `chunks` chunks of 1 KiB; `pulled()` says how many were read. */
function counted(chunks: number) {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks) return controller.close();
      pulled++;
      controller.enqueue(new Uint8Array(1024).fill(0x20));
    },
  });
  return { stream, pulled: () => pulled };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
}

describe("readTextCapped", () => {
  test("a declared length within the cap is read", async () => {
    const body = counted(4);
    const response = new Response(body.stream, { headers: { "content-length": "4096" } });
    expect(await readTextCapped(response, 4096)).toHaveLength(4096);
  });

  test("a declared length over the cap is refused before any byte is read", async () => {
    const body = counted(4);
    const response = new Response(body.stream, { headers: { "content-length": "4096" } });
    expect(ResponseTooLargeError.isInstance(await rejection(readTextCapped(response, 4095)))).toBe(true);
    expect(body.pulled()).toBeLessThanOrEqual(1);
  });

  // fetch decodes Content-Encoding after the declared (compressed) length: bytes are counted as they arrive,
  // so reading stops at the cap instead of inflating it all (a whole-body read would not stop).
  test.each([
    ["a Content-Encoding", { "content-length": "100", "content-encoding": "gzip" }],
    ["no Content-Length", {}],
    ["a malformed Content-Length", { "content-length": "0x10" }],
  ])("a body with %s is counted and stops at the cap", async (_, headers) => {
    const body = counted(1000);
    const response = new Response(body.stream, { headers });
    expect(ResponseTooLargeError.isInstance(await rejection(readTextCapped(response, 8 * 1024)))).toBe(true);
    expect(body.pulled()).toBeLessThan(20);
  });

  test("chunks are joined before decoding: a character split between two decodes whole; a BOM is dropped", async () => {
    const bytes = new TextEncoder().encode('\uFEFF{"text":"héllo 😀"}');
    const split = bytes.length - 5;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 4));
        controller.enqueue(bytes.slice(4, split));
        controller.enqueue(bytes.slice(split));
        controller.close();
      },
    });
    expect(await readTextCapped(new Response(stream), bytes.length)).toBe('{"text":"héllo 😀"}');
  });
});
