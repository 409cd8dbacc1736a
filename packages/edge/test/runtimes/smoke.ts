// The same checks in every runtime (workerd, Deno, Bun): bundled by esbuild with no polyfills and run there.
import { createWebhookHeaders, verifyWebhookSignature, Workflows, webhookHandler } from "../../src/index";

export interface SmokeEnv {
  DEV_URL: string;
  API_KEY: string;
  SECRET: string;
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
  return {
    spec,
    run: { status: run.status, output: run.output },
    retrievedWithOwnFetch: again.id === run.id,
    statuses: [accepted.status, tampered.status],
    received,
    hasBuffer: typeof (globalThis as { Buffer?: unknown }).Buffer !== "undefined",
  };
}
