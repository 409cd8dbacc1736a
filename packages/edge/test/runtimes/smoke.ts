// The same checks in every runtime (workerd, Deno, Bun): bundled by esbuild with no polyfills and run there.
import { verifyWebhookSignature, Workflows, webhookHandler } from "../../src/index";
import { createWebhookHeaders } from "../../src/testing";

export interface SmokeEnv {
  DEV_URL: string;
  API_KEY: string;
  SECRET: string;
  /** A server that redirects `/v1/runs/rnp_redirect` to another origin and floods `/v1/runs/rnp_flood`. */
  HOSTILE_URL?: string;
}

/** What a call against the hostile server threw: the client must refuse both answers the same way everywhere. */
async function refusal(call: () => Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await call();
    return { name: "none" };
  } catch (error) {
    const { name, status, location } = error as { name: string; status?: number; location?: string };
    return { name, status, location };
  }
}

export async function smoke(env: SmokeEnv): Promise<Record<string, unknown>> {
  const spec = await verifyWebhookSignature(
    {
      body: '{"test": 2432232314}',
      headers: {
        "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
        "webhook-timestamp": "1614265330",
        "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
      },
    },
    "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    { now: () => 1614265330 * 1000 },
  );

  const leap = new Workflows({ apiKey: env.API_KEY, baseUrl: env.DEV_URL });
  const run = await leap.runAndWait(
    { workflow_id: "wkf_echo", inputs: { from: "edge" } },
    { initialInterval: 20 },
  );

  // A fetch handed over in options: workerd throws "Illegal invocation" if the client calls it as a method.
  const withOwnFetch = new Workflows({ apiKey: env.API_KEY, baseUrl: env.DEV_URL, fetch: globalThis.fetch });
  const again = await withOwnFetch.runs.retrieve(run.id);

  const received: string[] = [];
  const handle = webhookHandler(env.SECRET, (verified) => void received.push(verified.id));
  const body = JSON.stringify(run);
  const headers = await createWebhookHeaders({ secret: env.SECRET, body });
  const accepted = await handle(new Request("https://receiver.test/hook", { method: "POST", body, headers }));
  const tampered = await handle(
    new Request("https://receiver.test/hook", {
      method: "POST",
      body: body.replace("edge", "evil"),
      headers,
    }),
  );
  const hostile = env.HOSTILE_URL
    ? new Workflows({ apiKey: env.API_KEY, baseUrl: env.HOSTILE_URL, maxRetries: 1 })
    : undefined;
  const redirect = hostile && (await refusal(() => hostile.runs.retrieve("rnp_redirect")));
  const flood =
    hostile && (await refusal(() => hostile.runs.retrieve("rnp_flood", { maxResponseBytes: 64 * 1024 })));
  return {
    spec,
    redirect,
    flood,
    run: { status: run.status, output: run.output },
    retrievedWithOwnFetch: again.id === run.id,
    statuses: [accepted.status, tampered.status],
    received,
    hasBuffer: typeof (globalThis as { Buffer?: unknown }).Buffer !== "undefined",
  };
}
