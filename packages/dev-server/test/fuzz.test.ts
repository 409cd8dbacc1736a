import fc from "fast-check";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createDevServer, type DevServer } from "../src/index";
import { startReceiver } from "./helpers";

let server: DevServer;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  // No retries, and webhooks only to a local receiver: random URLs must never reach the network.
  server = await createDevServer({ maxBodyBytes: 4096, webhookRetryDelays: [] });
  receiver = await startReceiver();
});
afterAll(async () => {
  await server.close();
  await receiver.close();
});

const json = fc.jsonValue({ maxDepth: 3 });
const body = fc.oneof(
  fc.string({ maxLength: 300 }),
  json.map((value) => JSON.stringify(value)),
  fc
    .record(
      {
        workflow_id: fc.oneof(fc.string(), fc.constantFrom("wkf_echo", "wkf_fail"), json),
        inputs: json,
        webhook_url: fc.oneof(
          fc.webPath().map((path) => `${receiver.url}${path}`),
          fc.string(),
          fc.constantFrom("ftp://127.0.0.1/x", "http://", "javascript:alert(1)"),
        ),
        input: json,
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
  fc.string({ minLength: 5000, maxLength: 6000 }),
);
const request = fc.record({
  method: fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH"),
  path: fc.oneof(
    fc.constantFrom("/v1/runs", "/v1/runs/bulk", "/v1/runs/rnp_x", "/v1/runs/bulk/bulk_x", "/"),
    fc.webPath(),
  ),
  body,
  key: fc.oneof(fc.constant("leap_dev_key"), fc.string({ maxLength: 20 })),
  idempotencyKey: fc.option(fc.string({ maxLength: 300 })),
  contentType: fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded"),
  extra: fc.dictionary(
    // Headers fetch itself manages (and refuses to send made up) are left out.
    fc
      .stringMatching(/^[a-z][a-z0-9-]{0,15}$/)
      .filter(
        (name) =>
          ![
            "host",
            "connection",
            "content-length",
            "transfer-encoding",
            "keep-alive",
            "upgrade",
            "expect",
            "te",
            "trailer",
          ].includes(name),
      ),
    fc.stringMatching(/^[\x21-\x7e]{0,40}$/),
    { maxKeys: 3 },
  ),
});

// Thousands of random requests: every answer is a well-formed 2xx/4xx, and the server keeps serving.
test("random bodies and headers never break the server", async () => {
  await fc.assert(
    fc.asyncProperty(request, async (input) => {
      const headers: Record<string, string> = { ...input.extra, "content-type": input.contentType };
      if (/^[\x21-\x7e]*$/.test(input.key)) headers["x-api-key"] = input.key;
      if (input.idempotencyKey !== null && /^[\x20-\x7e]*$/.test(input.idempotencyKey))
        headers["idempotency-key"] = input.idempotencyKey;
      const hasBody = input.method !== "GET";
      const response = await fetch(
        `${server.url}${input.path.startsWith("/") ? input.path : `/${input.path}`}`,
        {
          method: input.method,
          headers,
          body: hasBody ? input.body : undefined,
        },
      );
      expect(response.status, await response.clone().text()).toBeLessThan(500);
      const type = response.headers.get("content-type") ?? "";
      if (type.startsWith("application/json")) {
        const parsed = (await response.json()) as { error?: { type?: unknown; message?: unknown } };
        if (response.status >= 400) {
          expect(typeof parsed.error?.type).toBe("string");
          expect(typeof parsed.error?.message).toBe("string");
        }
      } else {
        await response.arrayBuffer();
      }
    }),
    { numRuns: 1000 },
  );
  const health = await fetch(`${server.url}/`);
  expect(health.status).toBe(200);
});
