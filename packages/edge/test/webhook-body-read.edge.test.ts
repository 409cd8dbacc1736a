import { expect, test } from "vitest";
import { createWebhookHeaders, generateWebhookSecret, webhookHandler } from "../src/index";

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
