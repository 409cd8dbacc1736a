import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createDevServer, type DevServer } from "@leap-workflows/dev-server";
import { fakeRun } from "@leap-workflows/test-kit/fixture-server";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { Workflows } from "../../src/index";
import { createWebhookHeaders } from "../../src/testing";
import { connectClient } from "./redis-clients";
import { type RedisServer, startRedisServer } from "./redis-server";

// The webhooks guide's "receivers at scale" Redis examples are these files, run against a real redis-server on 127.0.0.1.
const example = (name: string) => fileURLToPath(new URL(`../../examples/${name}`, import.meta.url));
const guide = readFileSync(new URL("../../../../guides/webhooks.md", import.meta.url), "utf8");

let redis: RedisServer;
let server: DevServer;
let leap: Workflows;
beforeAll(async () => {
  redis = await startRedisServer({ tcp: true });
  server = await createDevServer({ webhookRetryDelays: [0.05, 0.05] });
  leap = new Workflows({ apiKey: "leap_dev_key", baseUrl: server.url });
});
afterAll(async () => {
  await server?.close();
  await redis?.stop();
});

const runBody = (id: string) => JSON.stringify(fakeRun({ id, status: "completed" }));

async function delivered(runId: string): Promise<boolean> {
  const response = await fetch(`${server.url}/v1/runs/${runId}/deliveries`, {
    headers: { "x-api-key": "leap_dev_key" },
  });
  const { data } = (await response.json()) as { data: { status_code: number }[] };
  return data.some((delivery) => delivery.status_code === 200);
}

describe("webhooks guide: receivers at scale on Redis", () => {
  test.each(["express-redis.mjs", "next-route-redis.ts"])(
    "guides/webhooks.md shows examples/%s verbatim",
    (name) => {
      expect(guide).toContain(readFileSync(example(name), "utf8").trim());
    },
  );

  test("Express + redisIdStore: the dev server's webhook runs onRun once; the key is done in Redis", async () => {
    const child = spawn(process.execPath, [example("express-redis.mjs")], {
      env: {
        ...process.env,
        PORT: "0",
        LEAP_WEBHOOK_SECRET: server.webhookSecret,
        REDIS_URL: `redis://127.0.0.1:${redis.port}`,
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout?.on("data", (chunk) => {
      output += chunk;
    });
    const lineMatching = (pattern: RegExp) =>
      new Promise<RegExpMatchArray>((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (match) resolve(match);
        };
        child.stdout?.on("data", check);
        check();
        child.once("exit", (code) => reject(new Error(`exited with ${code} before ${pattern}:\n${output}`)));
      });
    const client = await connectClient("ioredis", redis.socket);
    try {
      const [, url = ""] = await lineMatching(/listening on (http:\/\/\S+)/);
      const run = await leap.run({ workflow_id: "wkf_echo", inputs: { via: "express" }, webhook_url: url });
      const [, webhookId = ""] = await lineMatching(new RegExp(`webhook ${run.id} completed (msg_\\S+)`));
      // onRun logged; the dev server's delivery record says when the handler answered (after complete).
      for (let attempt = 0; attempt < 400 && !(await delivered(run.id)); attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(await client.command(["GET", `leap:webhook:${webhookId}`])).toBe("done");
      // The same delivery again, as another instance's retry would be: a duplicate, onRun not called.
      const body = JSON.stringify(await leap.runs.retrieve(run.id));
      const headers = await createWebhookHeaders({ secret: server.webhookSecret, body, id: webhookId });
      const again = await fetch(url, { method: "POST", body, headers });
      expect(await again.json()).toEqual({ ok: true, duplicate: true });
      expect(output.split("\n").filter((line) => line.startsWith(`webhook ${run.id}`))).toHaveLength(1);
    } finally {
      child.kill();
      await client.close();
    }
  });

  test("Next.js route: webhookFetchHandler on Redis, concurrent copies processed once", async () => {
    const saved = { ...process.env };
    process.env.REDIS_URL = `redis://127.0.0.1:${redis.port}`;
    process.env.LEAP_WEBHOOK_SECRET = server.webhookSecret;
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      const route = await import("../../examples/next-route-redis");
      const body = runBody("rnp_next_redis");
      const headers = await createWebhookHeaders({ secret: server.webhookSecret, body });
      const post = async (sent: string) => {
        const response = await route.POST(
          new Request("http://app.test/api/leap", { method: "POST", body: sent, headers }),
        );
        return { status: response.status, body: await response.json() };
      };
      const copies = await Promise.all([post(body), post(body), post(body)]);
      expect(copies.filter((copy) => copy.status === 200 && !copy.body.duplicate)).toHaveLength(1);
      for (const copy of copies) expect([200, 409]).toContain(copy.status);
      expect(await post(body)).toEqual({ status: 200, body: { ok: true, duplicate: true } });
      expect(log.mock.calls.filter(([first]) => first === "webhook")).toEqual([
        ["webhook", "rnp_next_redis", "completed"],
      ]);
      expect((await post(body.replace("rnp_next_redis", "rnp_evil"))).status).toBe(401);
    } finally {
      log.mockRestore();
      process.env = saved;
    }
  });
});
