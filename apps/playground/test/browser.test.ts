import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { startAppServer } from "../src/app-server";
import { type Stack, startStack } from "../src/stack";

// Any Chromium-family browser: LEAP_CHROMIUM_PATH (CI points it at the Chrome its runner image ships), else
// Debian's chromium.
const CHROMIUM = process.env.LEAP_CHROMIUM_PATH || "/usr/bin/chromium";
// Screenshots land here (gitignored): look at them after a run.
const artifacts = fileURLToPath(new URL("../test-results/", import.meta.url));
const WAIT = { timeout: 60_000 };

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

/** A playground on `data`, as `pnpm playground --data <dir>` starts it (one quick retry, as above). */
async function startPlayground(data: string) {
  const stack = await startStack({ data, webhookRetryDelays: [0.2] });
  const app = await startAppServer(stack, { port: 0 });
  return {
    stack,
    app,
    close: async () => {
      await app.close();
      await stack.close();
    },
  };
}

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The boxes of everything `selector` matches, in page pixels. */
const boxes = (page: Page, selector: string) =>
  page.$$eval(selector, (elements) =>
    elements.map((element) => {
      const { x, y, width, height } = element.getBoundingClientRect();
      return { x, y, width, height };
    }),
  );

/** Whether any two axis labels touch, or one sticks out of the axis. */
async function ticksCollide(page: Page): Promise<boolean> {
  const ticks = await boxes(page, "#timeline .tick");
  const [axis] = await boxes(page, "#timeline .axis");
  return (
    ticks.length < 2 ||
    ticks.some((tick, index) => ticks.slice(index + 1).some((other) => overlap(tick, other))) ||
    ticks.some((tick) => tick.x + tick.width > (axis?.x ?? 0) + (axis?.width ?? 0) + 1)
  );
}

/** The timeline reads: no two axis labels touch, every bar is wide enough to see, no dot covers a bar. */
async function expectReadableTimeline(page: Page) {
  // A new width redraws the axis on the next frame.
  await expect.poll(() => ticksCollide(page), WAIT).toBe(false);
  for (const lane of await page.$$("#timeline .lane:not(.more)")) {
    const bars = await lane.$$eval(".bar", (elements) =>
      elements.map((element) => element.getBoundingClientRect().toJSON() as Box),
    );
    const marks = await lane.$$eval(".mark", (elements) =>
      elements.map((element) => element.getBoundingClientRect().toJSON() as Box),
    );
    for (const bar of bars) {
      expect(bar.width).toBeGreaterThanOrEqual(3);
      for (const mark of marks) expect(overlap(bar, mark)).toBe(false);
    }
    for (const [index, mark] of marks.entries())
      for (const other of marks.slice(index + 1)) expect(overlap(mark, other)).toBe(false);
  }
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
  expect(await greetedItem.locator(".steps").textContent()).toMatch(/running \d+(\.\d)? m?s → completed/);

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

test("after a restart everything comes back, and a timeline minutes old still reads", async () => {
  const data = mkdtempSync(join(tmpdir(), "leap-playground-data-"));
  let playground = await startPlayground(data);
  try {
    // Before: a verified run tampered with once, a run retried after the receivers were down, a bulk run
    // with two failing rows of five.
    let page = await browser.newPage();
    let errors = consoleErrors(page);
    await page.goto(playground.app.url);
    await page.waitForSelector("#workflow option", { state: "attached" });
    const greeted = await startRun(page, "wkf_greet", { name: "Ada" });
    await page.locator(`#run-${greeted} .verdict[data-verified="true"]`).nth(1).waitFor(WAIT);
    await page.click(`#run-${greeted} .retarget`);
    await page.click('#tamper button[data-kind="wrong-secret"]');
    await expect
      .poll(() => page.locator(`#run-${greeted} .verdict[data-verified="false"]`).count(), WAIT)
      .toBe(2);
    const retried = await startRun(page, "wkf_echo", { hello: "again" }, "1");
    await page
      .locator(`#run-${retried} .attempt[data-attempt="2"] .verdict[data-verified="true"]`)
      .nth(1)
      .waitFor(WAIT);
    const bulkId = await startBulk(page, "wkf_greet", "name,row\nAda,1\n,2\nGrace,3\n,4\nKatherine,5\n");
    const bulk = page.locator(`#bulk-${bulkId}`);
    await expect
      .poll(() => bulk.locator(".counts").textContent(), WAIT)
      .toBe("5 rows: 3 completed · 2 failed");
    await bulk.locator('.verdict[data-verified="true"]').nth(1).waitFor(WAIT);
    expect(errors).toEqual([]);
    await page.close();

    // Restart on the same data folder (a new port, as `pnpm playground` may get).
    await playground.close();
    playground = await startPlayground(data);
    page = await browser.newPage();
    errors = consoleErrors(page);
    // The page's clock is virtual, set with the server's below: minutes pass without a real wait.
    await page.clock.install({ time: Date.now() });
    await page.goto(playground.app.url);

    // The bulk run, its rows and its warning are back; every "row of bulk_…" link lands on it.
    const restored = page.locator(`#bulk-${bulkId}`);
    await expect
      .poll(() => restored.locator(".counts").textContent(), WAIT)
      .toBe("5 rows: 3 completed · 2 failed");
    expect(await restored.getAttribute("data-status")).toBe("completed");
    expect(await restored.locator(".pill").first().textContent()).toBe("completed · 2 of 5 rows failed");
    const rowLinks = await page.$$eval(`#runs a[href="#bulk-${bulkId}"]`, (links) =>
      links.map((link) => document.getElementById(link.getAttribute("href")?.slice(1) ?? "") !== null),
    );
    expect(rowLinks).toEqual([true, true, true, true, true]);
    // Attempts from the dev server's store, verdicts from the playground's own history.
    const retriedItem = page.locator(`#run-${retried}`);
    await retriedItem.locator('.attempt[data-attempt="1"][data-answer="503"]').waitFor(WAIT);
    expect(await retriedItem.locator('.attempt[data-attempt="1"]').textContent()).toContain("receivers down");
    expect(
      await retriedItem.locator('.attempt[data-attempt="2"] .verdict[data-verified="true"]').count(),
    ).toBe(2);
    expect(await restored.locator('.verdict[data-verified="true"]').count()).toBe(2);
    expect(await page.locator(`#run-${greeted} .verdict[data-verified="false"]`).count()).toBe(2);
    // The tamper buttons work on what was delivered before the restart.
    expect(await page.isEnabled('#tamper button[data-kind="old-timestamp"]')).toBe(true);
    await page.click(`#run-${greeted} .retarget`);
    await page.click('#tamper button[data-kind="old-timestamp"]');
    await expect
      .poll(() => page.locator(`#run-${greeted} .verdict[data-verified="false"]`).count(), WAIT)
      .toBe(4);
    expect(await page.locator(`#run-${greeted} .attempt.tampered`).last().textContent()).toContain(
      "timestamp_too_old",
    );

    await page.screenshot({ path: join(artifacts, "playground-restarted-1280.png"), fullPage: true });
    await expectAccessible(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(artifacts, "playground-restarted-390.png"), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    // Minutes go by between runs (a virtual clock for the servers and the page, not a real wait): long
    // runs, a short failed one between them, and one whose creation carries a W3C traceparent.
    vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
    const later = async (minutes: number) => {
      vi.setSystemTime(Date.now() + minutes * 60_000);
      await page.clock.setSystemTime(Date.now());
    };
    try {
      await later(2);
      const long = await startRun(page, "wkf_sleep", { ms: 1500 });
      // Its running time counts up while it runs.
      const steps = page.locator(`#run-${long} .steps`);
      const first = await steps.textContent();
      await expect.poll(() => steps.textContent(), WAIT).not.toBe(first);
      await page.locator(`#run-${long}[data-status="completed"]`).waitFor(WAIT);
      await later(3);
      const failed = await startRun(page, "wkf_fail", { message: "short and failed" });
      await page.locator(`#run-${failed} .attempt[data-answer="200"]`).waitFor(WAIT);
      await later(2);
      const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
      const traced = await playground.stack.leap.runs.create({
        workflow_id: "wkf_sleep",
        inputs: { ms: 1200 },
        webhook_url: `${playground.app.url}/webhooks/fanout?traceparent=00-${traceId}-00f067aa0ba902b7-01`,
      });
      await page.locator(`#run-${traced.id} .attempt[data-answer="200"]`).waitFor(WAIT);
      expect(await page.locator(`#run-${traced.id} .trace code`).textContent()).toBe(traceId);
      expect(await page.locator(`#run-${failed} .trace`).count()).toBe(0);

      await page.locator(`#timeline .lane[data-run="${failed}"] .bar.bad`).waitFor(WAIT);
      await expectReadableTimeline(page);
      await page.screenshot({ path: join(artifacts, "playground-minutes-old-1280.png"), fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await expectReadableTimeline(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.locator("#timeline").screenshot({ path: join(artifacts, "timeline-minutes-old-390.png") });
      await page.screenshot({ path: join(artifacts, "playground-minutes-old-390.png"), fullPage: true });
      await expectAccessible(page);
    } finally {
      vi.useRealTimers();
    }
    expect(errors).toEqual([]);
  } finally {
    await playground.close();
    rmSync(data, { recursive: true, force: true });
  }
});
