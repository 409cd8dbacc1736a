import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startAppServer } from "../src/app-server";
import { type Stack, startStack } from "../src/stack";

const CHROMIUM = "/usr/bin/chromium";
const artifacts = fileURLToPath(new URL("../artifacts/", import.meta.url));

let stack: Stack;
let app: Awaited<ReturnType<typeof startAppServer>>;
let browser: BrowserContext;
let profile: string;

beforeAll(async () => {
  // .ci/run installs Debian's chromium when it is missing; without it this test cannot run at all.
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (see .ci/run)`);
  stack = await startStack({ data: ":memory:", webhookRetryDelays: [0.2] });
  app = await startAppServer(stack, { port: 0 });
  // A fresh profile per run: nothing cached or remembered from an earlier run can make the test pass.
  profile = mkdtempSync(join(tmpdir(), "leap-playground-chromium-"));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
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
  if (profile) rmSync(profile, { recursive: true, force: true });
});

test("start a run from the page, watch it complete, see both verified deliveries and tampered ones rejected", async () => {
  const page = await browser.newPage();
  await page.goto(app.url);

  // Choosing a workflow fills in example inputs; broken JSON is flagged inline.
  await page.selectOption("#workflow", "wkf_sleep");
  expect(JSON.parse(await page.inputValue("#inputs"))).toEqual({ ms: 3000 });
  await page.selectOption("#workflow", "wkf_greet");
  await page.fill("#inputs", "{ not json");
  await expect.poll(() => page.textContent("#inputs-error"), { timeout: 10_000 }).not.toBe("");
  expect(await page.getAttribute("#inputs", "class")).toContain("invalid");

  // Valid JSON that breaks wkf_greet's inputs schema is refused by leap.run before sending, naming the field.
  await page.fill("#inputs", '{ "name": 42 }');
  expect(await page.textContent("#inputs-error")).toBe("");
  await page.click("#run");
  await expect.poll(() => page.textContent("#inputs-error"), { timeout: 10_000 }).toContain("inputs.name");
  expect(await page.locator("#runs tbody tr").count()).toBe(0);

  await page.fill("#inputs", '{ "name": "Grace" }');
  expect(await page.textContent("#inputs-error")).toBe("");
  await page.click("#run");
  await page.waitForSelector('#runs tbody tr[data-status="completed"]');
  expect(await page.textContent("#runs tbody")).toContain("Hello, Grace!");

  // Each receiver reads the run's output typed by wkf_greet's definition.
  await page.waitForSelector(
    'li.delivery[data-receiver="node"][data-verified="true"]:has-text("Hello, Grace!")',
  );
  await page.waitForSelector(
    'li.delivery[data-receiver="edge"][data-verified="true"]:has-text("Hello, Grace!")',
  );

  const rejections = {
    "changed-body": "no_matching_signature",
    "wrong-secret": "no_matching_signature",
    "old-timestamp": "timestamp_too_old",
  };
  for (const [kind, reason] of Object.entries(rejections)) {
    const before = await page.locator('li.delivery[data-verified="false"]').count();
    await page.click(`#tamper button[data-kind="${kind}"]`);
    // Both receivers reject this copy, each naming the reason.
    await expect
      .poll(() => page.locator('li.delivery[data-verified="false"]').count(), { timeout: 10_000 })
      .toBe(before + 2);
    const newest = await page.locator("li.delivery").first().textContent();
    expect(newest).toContain(reason);
  }
  for (const receiver of ["node", "edge"]) {
    expect(
      await page.locator(`li.delivery[data-receiver="${receiver}"][data-verified="false"]`).count(),
    ).toBe(3);
  }

  // A bulk run from the CSV box completes, and its webhook is verified by both receivers too.
  await page.click("#bulk");
  await page.waitForSelector("#bulk-status .status.completed");
  expect(await page.textContent("#bulk-status")).toContain("3 rows");
  await page.waitForSelector(
    'li.delivery[data-receiver="node"][data-verified="true"]:has-text("bulk delivery")',
  );
  await page.waitForSelector(
    'li.delivery[data-receiver="edge"][data-verified="true"]:has-text("bulk delivery")',
  );

  // A reload rebuilds the page from the replayed events.
  await page.reload();
  await page.waitForSelector('#runs tbody tr[data-status="completed"]');
  expect(await page.locator('li.delivery[data-verified="false"]').count()).toBe(6);

  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, "playground.png"), fullPage: true });
});
