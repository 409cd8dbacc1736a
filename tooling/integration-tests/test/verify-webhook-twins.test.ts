import { WebhookVerificationError, type WorkflowRun } from "@leap-workflows/core";
import * as edge from "@leap-workflows/edge";
import * as node from "@leap-workflows/node";
import { describe, expect, test } from "vitest";
import { BULK_RUN, RUN, SECRET, signed } from "./webhook-twins/deliveries";

/** A call's outcome: the verified run's id, or the error's reason (`TypeError: …` would fail every row). */
async function outcomeOf(call: () => unknown): Promise<string> {
  try {
    return `ok ${((await call()) as WorkflowRun).id}`;
  } catch (error) {
    if (WebhookVerificationError.isInstance(error)) return error.reason;
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

type Args = readonly unknown[];
const delivery = await signed(RUN);
const body = delivery.body ?? "";
const bytes = new TextEncoder().encode(body);
const stale = await signed(RUN, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
const { "webhook-id": _id, ...withoutId } = delivery.headers;

// Every shape either runtime accepts, and the usual mistakes: same outcome on node and edge.
const ROWS: { name: string; args: Args; outcome: string }[] = [
  {
    name: "(rawBody string, headers, secret)",
    args: [body, delivery.headers, SECRET],
    outcome: `ok ${RUN.id}`,
  },
  {
    name: "(rawBody bytes, headers, secret)",
    args: [bytes, delivery.headers, SECRET],
    outcome: `ok ${RUN.id}`,
  },
  {
    name: "(Buffer, headers, secret)",
    args: [Buffer.from(body), delivery.headers, SECRET],
    outcome: `ok ${RUN.id}`,
  },
  {
    name: "(rawBody, Fetch Headers, secret)",
    args: [body, new Headers(delivery.headers), SECRET],
    outcome: `ok ${RUN.id}`,
  },
  {
    name: "({ body, headers }, secret)",
    args: [{ body, headers: delivery.headers }, SECRET],
    outcome: `ok ${RUN.id}`,
  },
  {
    name: "({ body: bytes, headers }, secret, options)",
    args: [{ body: bytes, headers: delivery.headers }, SECRET, { toleranceSeconds: 60 }],
    outcome: `ok ${RUN.id}`,
  },
  {
    name: "secrets while rotating",
    args: [body, delivery.headers, [edge.generateWebhookSecret(), SECRET]],
    outcome: `ok ${RUN.id}`,
  },
  { name: "a tampered body", args: [`${body} `, delivery.headers, SECRET], outcome: "no_matching_signature" },
  {
    name: "a stale timestamp",
    args: [{ body: stale.body, headers: stale.headers }, SECRET],
    outcome: "timestamp_too_old",
  },
  { name: "no webhook-id header", args: [body, withoutId, SECRET], outcome: "missing_header" },
  {
    name: "parsed JSON instead of the raw body",
    args: [RUN, delivery.headers, SECRET],
    outcome: "invalid_body",
  },
  { name: "parsed JSON, without headers", args: [RUN, SECRET], outcome: "invalid_body" },
  {
    name: "{ body: parsed JSON, headers } (express.json() ran first)",
    args: [{ body: RUN, headers: delivery.headers }, SECRET],
    outcome: "invalid_body",
  },
  {
    name: "{ headers } without a body (no body parser)",
    args: [{ headers: delivery.headers }, SECRET],
    outcome: "invalid_body",
  },
  { name: "(rawBody, secret): the headers left out", args: [body, SECRET], outcome: "missing_header" },
  { name: "(rawBody, undefined, secret)", args: [body, undefined, SECRET], outcome: "missing_header" },
  {
    name: "({ body, headers: undefined }, secret)",
    args: [{ body, headers: undefined }, SECRET],
    outcome: "missing_header",
  },
  { name: "(rawBody, headers): no secret", args: [body, delivery.headers], outcome: "malformed_secret" },
  {
    name: "({ body, headers }, headers, secret): the headers twice",
    args: [{ body, headers: delivery.headers }, delivery.headers, SECRET],
    outcome: "malformed_secret",
  },
  { name: "no arguments", args: [], outcome: "invalid_body" },
];

const verifiers = {
  node: {
    run: node.verifyWebhook as (...args: Args) => unknown,
    signature: node.verifyWebhookSignature as (...args: Args) => unknown,
  },
  edge: {
    run: edge.verifyWebhook as (...args: Args) => unknown,
    signature: edge.verifyWebhookSignature as (...args: Args) => unknown,
  },
};

describe.each(ROWS)("verifyWebhook on node and edge: $name", ({ args, outcome }) => {
  test("same outcome on both, as the table says; verifyWebhookSignature agrees", async () => {
    const onNode = await outcomeOf(() => verifiers.node.run(...args));
    const onEdge = await outcomeOf(() => verifiers.edge.run(...args));
    expect({ node: onNode, edge: onEdge }).toEqual({ node: outcome, edge: outcome });
    const signatureOnNode = await outcomeOf(async () => ({
      id: JSON.parse(String(verifiers.node.signature(...args))).id,
    }));
    const signatureOnEdge = await outcomeOf(async () => ({
      id: JSON.parse(String(await verifiers.edge.signature(...args))).id,
    }));
    expect({ node: signatureOnNode, edge: signatureOnEdge }).toEqual({ node: outcome, edge: outcome });
  });
});

describe("verifyWebhook: where the runtimes differ, on purpose", () => {
  test("node's is synchronous and throws; edge's returns a promise and rejects, for every shape", async () => {
    expect((verifiers.node.run(body, delivery.headers, SECRET) as WorkflowRun).id).toBe(RUN.id);
    expect(() => verifiers.node.run(RUN, SECRET)).toThrow(WebhookVerificationError);
    const pending = verifiers.edge.run(RUN, SECRET) as Promise<unknown>;
    expect(pending).toBeInstanceOf(Promise);
    await expect(pending).rejects.toThrow(WebhookVerificationError);
  });

  test("edge takes a Fetch Request and leaves its body unread; node says to pass request.text() instead", async () => {
    const request = () => new Request("http://receiver.test/hooks/leap", delivery);
    const received = request();
    expect((await edge.verifyWebhook(received, SECRET)).id).toBe(RUN.id);
    expect(await received.text()).toBe(body);
    const error = await outcomeOf(() => node.verifyWebhook(request() as never, SECRET));
    expect(error).toBe("invalid_body");
    expect(() => node.verifyWebhook(request() as never, SECRET)).toThrow(/request\.text\(\)/);
  });

  test("a wrong shape's message says what to pass and never contains the secret", async () => {
    const messages: string[] = [];
    for (const args of [
      [RUN, delivery.headers, SECRET],
      [body, SECRET],
      [{ body, headers: delivery.headers }, { secret: SECRET }],
    ]) {
      for (const verify of [verifiers.node.run, verifiers.edge.run]) {
        messages.push(
          await Promise.resolve()
            .then(() => verify(...args))
            .then(
              () => "",
              (error: Error) => error.message,
            ),
        );
      }
    }
    expect(messages[0]).toMatch(/raw body \(string or bytes\), received object/);
    expect(messages[2]).toMatch(/headers: expected an object, received string/);
    expect(messages[4]).toMatch(/No webhook secret: pass .*whsec_/);
    expect(messages).toEqual([messages[0], messages[0], messages[2], messages[2], messages[4], messages[4]]);
    for (const message of messages) expect(message).not.toContain(SECRET.slice(6));
  });
});

describe("verifyWebhookDelivery: either kind, typed, on node and edge alike", () => {
  test("a run's webhook is { kind: 'run', run }, a bulk run's { kind: 'bulk_run', bulkRun }", async () => {
    const bulk = await signed(BULK_RUN);
    for (const [kind, sent, expected] of [
      ["run", delivery, { kind: "run", run: RUN }],
      ["bulk_run", bulk, { kind: "bulk_run", bulkRun: BULK_RUN }],
    ] as const) {
      const webhook = { body: sent.body ?? "", headers: sent.headers };
      expect(node.verifyWebhookDelivery(webhook, SECRET), `node ${kind}`).toEqual(expected);
      expect(node.verifyWebhookDelivery(webhook.body, webhook.headers, SECRET), `node ${kind}`).toEqual(
        expected,
      );
      expect(await edge.verifyWebhookDelivery(webhook, SECRET), `edge ${kind}`).toEqual(expected);
      const request = new Request("http://receiver.test/hooks/leap", sent);
      expect(await edge.verifyWebhookDelivery(request, SECRET), `edge Request ${kind}`).toEqual(expected);
    }
  });

  test("verifyWebhook refuses a bulk run's webhook, naming verifyWebhookDelivery", async () => {
    const bulk = await signed(BULK_RUN);
    const webhook = { body: bulk.body ?? "", headers: bulk.headers };
    const onNode = await outcomeOf(() => node.verifyWebhook(webhook, SECRET));
    const onEdge = await outcomeOf(() => edge.verifyWebhook(webhook, SECRET));
    expect({ node: onNode, edge: onEdge }).toEqual({ node: "invalid_body", edge: "invalid_body" });
    expect(() => node.verifyWebhook(webhook, SECRET)).toThrow(/use verifyWebhookDelivery/);
    await expect(edge.verifyWebhook(webhook, SECRET)).rejects.toThrow(/use verifyWebhookDelivery/);
  });

  test("a bad signature or a body that is neither kind fails as verifyWebhook does", async () => {
    const tampered = { body: `${body} `, headers: delivery.headers };
    expect(await outcomeOf(() => node.verifyWebhookDelivery(tampered, SECRET))).toBe("no_matching_signature");
    expect(await outcomeOf(() => edge.verifyWebhookDelivery(tampered, SECRET))).toBe("no_matching_signature");
    const notARun = await signed({ hello: "world" });
    const neither = { body: notARun.body ?? "", headers: notARun.headers };
    expect(await outcomeOf(() => node.verifyWebhookDelivery(neither, SECRET))).toBe("invalid_body");
    expect(await outcomeOf(() => edge.verifyWebhookDelivery(neither, SECRET))).toBe("invalid_body");
  });
});
