import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startAppServer } from "../src/app-server";
import { type Stack, startStack } from "../src/stack";

const CHROMIUM = "/usr/bin/chromium";
const artifacts = fileURLToPath(new URL("../artifacts/", import.meta.url));

let stack: Stack;
let app: Awaited<ReturnType<typeof startAppServer>>;
let browser: Browser;

beforeAll(async () => {
  // .ci/run installs Debian's chromium when it is missing; without it this test cannot run at all.
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (see .ci/run)`);
  const data = mkdtempSync(join(tmpdir(), "leap-playground-"));
  stack = await startStack({ data: ":memory:", webhookRetryDelays: [0.2] });
  app = await startAppServer(stack, { port: 0, data });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await stack?.close();
});

test("start a run from the page, watch it complete, see both verified deliveries and a tampered one rejected", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(app.url);
  await page.selectOption("#workflow", "wkf_greet");

  await page.fill("#inputs", "{ not json");
  await expect.poll(() => page.textContent("#inputs-error")).not.toBe("");

  await page.fill("#inputs", '{ "name": "Grace" }');
  await page.click("#run");
  await page.waitForSelector('#runs tbody tr[data-status="completed"]');
  expect(await page.textContent("#runs tbody")).toContain("Hello, Grace!");

  await page.waitForSelector('li.delivery[data-receiver="node"][data-verified="true"]');
  await page.waitForSelector('li.delivery[data-receiver="edge"][data-verified="true"]');

  await page.click('#tamper button[data-kind="changed-body"]');
  await page.waitForSelector('li.delivery[data-receiver="node"][data-verified="false"]');
  await page.waitForSelector('li.delivery[data-receiver="edge"][data-verified="false"]');
  expect(await page.textContent("#deliveries")).toContain("no_matching_signature");

  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, "playground.png"), fullPage: true });
});
