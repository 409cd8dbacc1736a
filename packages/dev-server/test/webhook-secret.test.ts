import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateWebhookSecret } from "@leap-workflows/core";
import { afterEach, expect, test } from "vitest";
import { createDevServer, DataFolderError } from "../src/index";
import { exited, startCli } from "./cli-process";

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

const secretOf = (stdout: string) => /webhook secret (whsec_[A-Za-z0-9+/=]+)/.exec(stdout)?.[1];

async function restartCli(args: string[]): Promise<string | undefined> {
  const started = await startCli(args, children);
  const secret = secretOf(started.stdout());
  const code = exited(started.child);
  started.child.kill("SIGTERM");
  expect(await code).toBe(0);
  return secret;
}

test("a data folder keeps its generated webhook secret across restarts, in a file only its owner reads", async () => {
  const data = join(mkdtempSync(join(tmpdir(), "leap-secret-")), "data");
  const first = await restartCli(["--data", data]);
  expect(first).toMatch(/^whsec_/);
  const file = join(data, "webhook-secret");
  expect(readFileSync(file, "utf8")).toBe(`${first}\n`);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  // A SIGKILLed server's folder too: the secret was kept before the server answered anything.
  const killed = await startCli(["--data", data], children);
  expect(secretOf(killed.stdout())).toBe(first);
  killed.child.kill("SIGKILL");
  await exited(killed.child);
  expect(await restartCli(["--data", data])).toBe(first);

  // --webhook-secret wins, and leaves the kept one for the starts without it.
  const given = generateWebhookSecret();
  expect(await restartCli(["--data", data, "--webhook-secret", given])).toBe(given);
  expect(await restartCli(["--data", data])).toBe(first);
}, 60_000);

test(":memory: keeps nothing: each start has a new secret", async () => {
  const one = await restartCli(["--data", ":memory:"]);
  const two = await restartCli(["--data", ":memory:"]);
  expect(one).toMatch(/^whsec_/);
  expect(two).toMatch(/^whsec_/);
  expect(one).not.toBe(two);
}, 30_000);

test("a webhook-secret file that holds no secret is refused without echoing it", async () => {
  const data = join(mkdtempSync(join(tmpdir(), "leap-secret-bad-")), "data");
  const server = await createDevServer({ data });
  const kept = server.webhookSecret;
  await server.close();
  writeFileSync(join(data, "webhook-secret"), "not-a-secret-hunter2\n");
  const refusal = await createDevServer({ data }).catch((error: unknown) => error);
  expect(DataFolderError.isInstance(refusal)).toBe(true);
  expect((refusal as Error).message).toContain("does not hold a webhook secret");
  expect((refusal as Error).message).not.toContain("hunter2");
  // The refusal let the folder go; a secret passed in still starts it.
  const again = await createDevServer({ data, webhookSecret: kept });
  expect(again.webhookSecret).toBe(kept);
  await again.close();
});
