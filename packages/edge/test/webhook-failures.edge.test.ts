import { expect, test } from "vitest";
import { generateWebhookSecret, webhookHandler } from "../src/index";
import { createWebhookHeaders } from "../src/testing";

// node answers a body that express.json() consumed the same way (node/test/webhook-handler.test.ts).
test("a Request whose body was read first is answered 500 body_already_parsed, told to onError, onRun not called", async () => {
  const secret = generateWebhookSecret();
  const errors: unknown[] = [];
  let calls = 0;
  const handle = webhookHandler(secret, () => void calls++, { onError: (error) => errors.push(error) });
  const body = JSON.stringify({ id: "rnp_1" });
  const request = new Request("https://app.test/api/leap", {
    method: "POST",
    body,
    headers: await createWebhookHeaders({ secret, body }),
  });
  await request.json();
  const response = await handle(request);
  expect(response.status).toBe(500);
  const answer = (await response.json()) as { error: { type: string; message: string } };
  expect(answer.error.type).toBe("body_already_parsed");
  expect(answer.error.message).toMatch(/before reading it/);
  expect(errors).toHaveLength(1);
  expect(calls).toBe(0);
});

test("in the edge runtime too, an unexpected error is answered 500 handler_failed, told to onError once, not leaked", async () => {
  const errors: unknown[] = [];
  const detail = "postgres://app:hunter2@db.internal";
  const handle = webhookHandler(null, () => {}, {
    confirmWith: {
      runs: {
        retrieve: () => {
          throw new TypeError(detail);
        },
      },
    },
    onError: (error) => errors.push(error),
  });
  const response = await handle(
    new Request("https://app.test/api/leap", { method: "POST", body: JSON.stringify({ id: "rnp_1" }) }),
  );
  expect(response.status).toBe(500);
  const text = await response.text();
  expect(JSON.parse(text).error.type).toBe("handler_failed");
  expect(text).not.toContain("hunter2");
  expect(errors).toEqual([new TypeError(detail)]);
});
