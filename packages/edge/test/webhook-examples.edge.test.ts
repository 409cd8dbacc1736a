import { fakeRun } from "@leap-workflows/test-kit/fixture-server";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import * as route from "../examples/next-webhook-route";
import { generateWebhookSecret } from "../src/index";
import { createWebhookHeaders } from "../src/testing";

// The webhooks guide's Next.js Edge webhook route, called as Next.js calls it, with the edge runtime's globals.
const secret = generateWebhookSecret();
const saved = process.env.LEAP_WEBHOOK_SECRET;
beforeAll(() => {
  process.env.LEAP_WEBHOOK_SECRET = secret;
});
afterAll(() => {
  if (saved === undefined) delete process.env.LEAP_WEBHOOK_SECRET;
  else process.env.LEAP_WEBHOOK_SECRET = saved;
});

const body = JSON.stringify(fakeRun({ id: "rnp_edge_route", status: "completed", output: { ok: true } }));

test("the webhook route: 200 signed, the repeat dropped, 401 forged", async () => {
  expect(route.runtime).toBe("edge");
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  try {
    const headers = await createWebhookHeaders({ secret, body });
    const post = (sent: string, signed: Record<string, string>) =>
      route.POST(
        new Request("https://app.test/api/leap/webhook", { method: "POST", body: sent, headers: signed }),
      );
    const first = await post(body, headers);
    expect([first.status, await first.json()]).toEqual([200, { ok: true }]);
    expect(log).toHaveBeenCalledWith("webhook", "rnp_edge_route", "completed");
    expect(await (await post(body, headers)).json()).toEqual({ ok: true, duplicate: true });
    const forged = await createWebhookHeaders({ secret: generateWebhookSecret(), body });
    expect((await post(body, forged)).status).toBe(401);
    expect(log).toHaveBeenCalledTimes(1);
  } finally {
    log.mockRestore();
  }
});
