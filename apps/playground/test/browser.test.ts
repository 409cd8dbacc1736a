import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startAppServer } from "../src/app-server";
import { type Stack, startStack } from "../src/stack";

// Any Chromium-family browser: LEAP_CHROMIUM_PATH (CI points it at the Chrome its runner image ships), else
// Debian's chromium.
const CHROMIUM = process.env.LEAP_CHROMIUM_PATH || "/usr/bin/chromium";
// Screenshots land here (gitignored): look at them after a run.
const artifacts = fileURLToPath(new URL("../test-results/", import.meta.url));
const WAIT = { timeout: 20_000 };

let stack: Stack;
let app: Awaited<ReturnType<typeof startAppServer>>;
let browser: BrowserContext;
let profile: string;

beforeAll(async () => {
  // .ci/run installs Debian's chromium when no browser is set and it is missing; without one this test cannot run.
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: set LEAP_CHROMIUM_PATH to a Chromium or Chrome, or apt-get install -y chromium (see .ci/run)`,
    );
  // One retry 0.2 s after a refused attempt: the "receivers down" story stays short.
  stack = await startStack({ data: ":memory:", webhookRetryDelays: [0.2] });
  app = await startAppServer(stack, { port: 0 });
  mkdirSync(artifacts, { recursive: true });
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

/** Everything the page logged as an error (a failed resource load such as a missing favicon included). */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`${message.text()} ${message.location().url}`);
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

async function startRun(page: Page, workflow: string, inputs: unknown, outage = "0") {
  await page.selectOption("#workflow", workflow);
  await page.fill("#inputs", JSON.stringify(inputs));
  await page.selectOption("#outage", outage);
  const created = page.waitForResponse((response) => response.url().endsWith("/api/runs"));
  await page.click("#run");
  return ((await (await created).json()) as { id: string }).id;
}

async function startBulk(page: Page, workflow: string, csv: string) {
  await page.selectOption("#bulk-workflow", workflow);
  await page.fill("#csv", csv);
  const created = page.waitForResponse((response) => response.url().endsWith("/api/bulk"));
  await page.click("#bulk");
  return ((await (await created).json()) as { id: string }).id;
}

/** No serious or critical accessibility violation, as axe-core judges the page now. */
async function expectAccessible(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
    );
  expect(serious).toEqual([]);
}

test("the page tells the whole story: runs, a failure, retries, tampering and a bulk run with failing rows", async () => {
  const page = await browser.newPage();
  const errors = consoleErrors(page);
  await page.goto(app.url);
  await page.waitForSelector("#workflow option", { state: "attached" });

  // Choosing a workflow fills in example inputs; broken JSON is flagged inline.
  await page.selectOption("#workflow", "wkf_sleep");
  expect(JSON.parse(await page.inputValue("#inputs"))).toEqual({ ms: 3000 });
  await page.selectOption("#workflow", "wkf_greet");
  await page.fill("#inputs", "{ not json");
  await expect.poll(() => page.textContent("#inputs-error"), WAIT).not.toBe("");
  expect(await page.getAttribute("#inputs", "aria-invalid")).toBe("true");

  // Valid JSON that breaks wkf_greet's inputs schema is refused by leap.run before sending, naming the field.
  await page.fill("#inputs", '{ "name": 42 }');
  await page.click("#run");
  await expect.poll(() => page.textContent("#inputs-error"), WAIT).toContain("inputs.name");
  expect(await page.locator("#runs li.run").count()).toBe(0);

  // A run that takes a while, to watch its bar grow on the timeline while the rest goes on.
  const slow = await startRun(page, "wkf_sleep", { ms: 1500 });

  // A run completes; both receivers verify its first attempt and read the typed greeting.
  const greeted = await startRun(page, "wkf_greet", { name: "Grace" });
  const greetedItem = page.locator(`#run-${greeted}`);
  await greetedItem.locator(`.attempt[data-attempt="1"][data-answer="200"]`).waitFor(WAIT);
  for (const receiver of ["node", "edge"]) {
    await greetedItem
      .locator(`.verdict[data-receiver="${receiver}"][data-verified="true"]`, { hasText: "Hello, Grace!" })
      .waitFor(WAIT);
  }
  // (The run's own event may come just after the verdicts: poll, as for everything the stream brings.)
  await expect.poll(() => greetedItem.getAttribute("data-status"), WAIT).toBe("completed");
  expect(await greetedItem.locator(".steps").textContent()).toMatch(/running .* s → completed/);

  // An artifact only: the page while the slow run is (most likely) still running.
  await page.screenshot({ path: join(artifacts, "playground-live-1280.png"), fullPage: true });

  // The tamper buttons re-send the latest verified webhook: let the slow run's arrive first.
  await page.locator(`#run-${slow} .verdict[data-verified="true"]`).nth(1).waitFor(WAIT);
  await expect
    .poll(() => page.locator(`#run-${slow} .steps`).textContent(), WAIT)
    .toMatch(/running \d\.\d s → completed/);
  await page.click(`#run-${greeted} .retarget`);

  // Tampered copies of its webhook are rejected by both receivers, each naming the reason, on the same run.
  const rejections = {
    "changed-body": "no_matching_signature",
    "wrong-secret": "no_matching_signature",
    "old-timestamp": "timestamp_too_old",
  };
  for (const [kind, reason] of Object.entries(rejections)) {
    const before = await greetedItem.locator('.verdict[data-verified="false"]').count();
    await page.click(`#tamper button[data-kind="${kind}"]`);
    await expect
      .poll(() => greetedItem.locator('.verdict[data-verified="false"]').count(), WAIT)
      .toBe(before + 2);
    expect(await greetedItem.locator(".attempt.tampered").last().textContent()).toContain(reason);
  }

  // A failed run shows its error, on the run and as a red bar on the timeline.
  const failed = await startRun(page, "wkf_fail", { message: "this run fails on purpose" });
  await page.locator(`#run-${failed}[data-status="failed"]`).waitFor(WAIT);
  expect(await page.locator(`#run-${failed} .outcome`).textContent()).toContain("this run fails on purpose");
  await page.locator(`#timeline .lane[data-run="${failed}"] .bar.bad`).waitFor(WAIT);

  // Receivers down for the first attempt: the fan-out answers 503, the dev server retries, the retry lands.
  const retried = await startRun(page, "wkf_echo", { hello: "retry" }, "1");
  const retriedItem = page.locator(`#run-${retried}`);
  await retriedItem.locator('.attempt[data-attempt="1"][data-answer="503"]').waitFor(WAIT);
  await retriedItem.locator('.attempt[data-attempt="2"][data-answer="200"]').waitFor(WAIT);
  expect(await retriedItem.locator('.attempt[data-attempt="2"] .verdict[data-verified="true"]').count()).toBe(
    2,
  );
  expect(await retriedItem.locator('.attempt[data-attempt="1"]').textContent()).toContain("receivers down");
  expect(await page.locator(`#timeline .lane[data-run="${retried}"] .mark`).count()).toBe(2);
  await page.locator(`#timeline .lane[data-run="${retried}"] .mark.bad`).waitFor(WAIT);

  // A bulk run with one row that breaks the inputs schema: both counts shown, the failed row's error one
  // click away (from the output CSV), the rows' runs listed in the Runs list and under the bulk run.
  const bulkId = await startBulk(page, "wkf_greet", "name,note\nAda,first\n,no name\nGrace,third\n");
  const bulk = page.locator(`#bulk-${bulkId}`);
  await page.locator(`#bulk-${bulkId}[data-status="completed"]`).waitFor(WAIT);
  await expect.poll(() => bulk.locator(".counts").textContent(), WAIT).toBe("3 rows: 2 completed · 1 failed");
  expect(await bulk.locator(".progress").getAttribute("aria-valuenow")).toBe("3");
  await bulk.locator(".failed-rows summary").click();
  await bulk.locator(".failed-rows li", { hasText: "expected a non-empty name" }).waitFor(WAIT);
  expect(await bulk.locator(".failed-rows li").textContent()).toMatch(/^Row 2 rnp_\w+Invalid inputs/);
  await bulk.locator(".children summary").click();
  expect(await bulk.locator(".children li").count()).toBe(3);
  expect(await page.locator(`#runs li.run:has(a[href="#bulk-${bulkId}"])`).count()).toBe(3);
  expect(await page.locator(`#timeline .lane.row`).count()).toBe(3);
  // Its own webhook (carrying the bulk run) is verified by both receivers too.
  await bulk.locator('.verdict[data-verified="true"]').nth(1).waitFor(WAIT);
  // The output CSV is read through the playground's server, which holds the API key.
  const csv = await page.evaluate(async (id) => (await fetch(`/api/bulk/${id}/output.csv`)).text(), bulkId);
  expect(csv.split("\n")[0]).toBe("run_id,status,output,error");

  // An empty CSV fails the bulk run: the API's error is shown.
  const emptyId = await startBulk(page, "wkf_greet", "");
  await page.locator(`#bulk-${emptyId}[data-status="failed"]`).waitFor(WAIT);
  expect(await page.locator(`#bulk-${emptyId} .error`).textContent()).toContain(
    "could not read input_csv_url",
  );

  // A reload rebuilds the page from the replayed events.
  await page.reload();
  await page.locator(`#run-${greeted}[data-status="completed"]`).waitFor(WAIT);
  await expect.poll(() => page.locator('#runs .verdict[data-verified="false"]').count(), WAIT).toBe(6);

  await page.screenshot({ path: join(artifacts, "playground-1280.png"), fullPage: true });
  await expectAccessible(page);

  // Narrow: nothing wider than the screen, still readable and accessible.
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(await overflow()).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await overflow()).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.locator(`#bulk-${bulkId} .failed-rows summary`).click();
  expect(await overflow()).toBeLessThanOrEqual(0);
  await page.screenshot({ path: join(artifacts, "playground-390.png"), fullPage: true });
  await expectAccessible(page);

  // Chromium logs every non-2xx answer and every script error: a clean page logs none.
  expect(errors).toEqual([]);
});
