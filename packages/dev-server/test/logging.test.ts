import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { Workflows } from "@leap-workflows/core";
import { afterEach, expect, test } from "vitest";
import {
  createConsoleLogger,
  createDevServer,
  type DeliveryLogEvent,
  type DevServerLogEvent,
} from "../src/index";
import { exited, startCli } from "./cli-process";
import { eventually, startReceiver } from "./helpers";

const children: ChildProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const API_KEY = "leap_test_key_do_not_log";

function capture(format: "pretty" | "json", color = false) {
  const lines: string[] = [];
  const logger = createConsoleLogger({
    format,
    color,
    stream: { write: (text: string) => lines.push(text) },
    now: () => new Date("2026-01-02T03:04:05.000Z"),
  });
  return { lines, logger };
}

const request: DevServerLogEvent = {
  kind: "request",
  method: "POST",
  path: "/v1/runs",
  status: 201,
  durationMs: 1.25,
};
const retrying: DevServerLogEvent = {
  kind: "delivery",
  subjectId: "rnp_abc",
  webhookId: "msg_abc",
  url: "https://example.com/hook?…",
  attempt: 1,
  statusCode: 503,
  error: "answered 503",
  durationMs: 12,
  outcome: "retrying",
  nextAttemptAt: "2026-01-02T03:04:10.000Z",
};

test("pretty lines read like a dev server's: time, method, path, status, duration; webhooks with the next retry", () => {
  const { lines, logger } = capture("pretty");
  logger(request);
  logger(retrying);
  logger({
    ...retrying,
    attempt: 2,
    statusCode: 200,
    error: null,
    outcome: "delivered",
    nextAttemptAt: null,
  });
  logger({
    ...retrying,
    attempt: 5,
    statusCode: null,
    error: "ECONNREFUSED",
    outcome: "failed",
    nextAttemptAt: null,
  });
  const time = new Date("2026-01-02T03:04:05.000Z").toTimeString().slice(0, 8);
  expect(lines).toEqual([
    `${time} POST /v1/runs 201 1.3 ms\n`,
    `${time} webhook rnp_abc → https://example.com/hook?… answered 503 attempt 1, 12 ms, retry in 5 s\n`,
    `${time} webhook rnp_abc → https://example.com/hook?… 200 attempt 2, 12 ms\n`,
    `${time} webhook rnp_abc → https://example.com/hook?… ECONNREFUSED attempt 5, 12 ms, gave up\n`,
  ]);
  const colored = capture("pretty", true);
  colored.logger(request);
  expect(colored.lines[0]).toContain("\u001b[32m201\u001b[39m");
});

test("json lines are one object each, with time, level and the event's fields", () => {
  const { lines, logger } = capture("json");
  logger(request);
  logger(retrying);
  // The event's own fields, `kind` renamed `event`, after time and level.
  const { kind: requestKind, ...requestFields } = request;
  const { kind: deliveryKind, ...deliveryFields } = retrying;
  expect(lines.map((line) => JSON.parse(line))).toEqual([
    { time: "2026-01-02T03:04:05.000Z", level: "info", event: requestKind, ...requestFields },
    { time: "2026-01-02T03:04:05.000Z", level: "warn", event: deliveryKind, ...deliveryFields },
  ]);
  expect(Object.keys(JSON.parse(lines[0] ?? "{}")).slice(0, 3)).toEqual(["time", "level", "event"]);
});

test("an injected logger sees every request and delivery attempt, and never the API key, the secret or the URL's query", async () => {
  const receiver = await startReceiver((_, index) => (index === 0 ? 500 : 200));
  cleanups.push(receiver.close);
  const events: DevServerLogEvent[] = [];
  const server = await createDevServer({
    apiKeys: [API_KEY],
    webhookSecret: SECRET,
    webhookRetryDelays: [0.05],
    logger: (event) => events.push(event),
  });
  cleanups.push(() => server.close());
  const leap = new Workflows({ apiKey: API_KEY, baseUrl: server.url });
  const run = await leap.run({
    workflow_id: "wkf_echo",
    inputs: { x: 1 },
    webhook_url: `${receiver.url}?token=hook-token-do-not-log`,
  });
  // fetch refuses a URL with credentials, and its error names the URL: that must come out redacted.
  const withCredentials = await leap.run({
    workflow_id: "wkf_echo",
    webhook_url: receiver.url.replace("http://", "http://user:pa55@"),
  });
  await fetch(`${server.url}/v1/runs/${run.id}?expand=nothing`, { headers: { "x-api-key": "wrong" } });
  const deliveries = await eventually(() => {
    const found = events.filter((event): event is DeliveryLogEvent => event.kind === "delivery");
    return found.length === 4 ? found : undefined;
  });
  expect(events).toContainEqual({
    kind: "request",
    method: "POST",
    path: "/v1/runs",
    status: 200,
    durationMs: expect.any(Number),
  });
  expect(events).toContainEqual(
    expect.objectContaining({ kind: "request", method: "GET", path: `/v1/runs/${run.id}`, status: 401 }),
  );
  const url = `${receiver.url.replace(/\/hook$/, "")}/hook?…`;
  expect(deliveries.filter((event) => event.subjectId === run.id)).toEqual([
    expect.objectContaining({ subjectId: run.id, url, attempt: 1, statusCode: 500, outcome: "retrying" }),
    expect.objectContaining({ subjectId: run.id, url, attempt: 2, statusCode: 200, outcome: "delivered" }),
  ]);
  expect(deliveries.filter((event) => event.subjectId === withCredentials.id)).toEqual([
    expect.objectContaining({
      url: receiver.url,
      statusCode: null,
      error: expect.stringContaining(receiver.url),
    }),
    expect.objectContaining({ url: receiver.url, statusCode: null, outcome: "failed" }),
  ]);
  expect(deliveries[0]?.nextAttemptAt).toMatch(/^\d{4}-/);
  const attempts = await fetch(`${server.url}/v1/runs/${withCredentials.id}/deliveries`, {
    headers: { "x-api-key": API_KEY },
  });
  const logged = JSON.stringify(events) + (await attempts.text());
  for (const secret of [API_KEY, SECRET, "hook-token-do-not-log", "pa55", "wrong"])
    expect(logged).not.toContain(secret);
});

test("the CLI logs a line per request (pretty by default, --log-format json for machines); --quiet logs none", async () => {
  const pretty = await startCli(["--data", ":memory:"], children);
  await new Workflows({ apiKey: "leap_dev_key", baseUrl: pretty.url }).run({ workflow_id: "wkf_echo" });
  const created = await eventually(() => /POST \/v1\/runs \d+ [\d.]+ ms/.exec(pretty.stdout())?.[0]);
  expect(created).toMatch(/ 200 /);
  // The README's log sample shows the line as it is printed (its status included), up to the duration.
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  expect(readme).toContain(created.replace(/[\d.]+ ms$/, ""));

  const json = await startCli(["--data", ":memory:", "--log-format", "json"], children);
  expect(JSON.parse(json.stdout().split("\n")[0] ?? "")).toMatchObject({ event: "listening", url: json.url });
  await new Workflows({ apiKey: "leap_dev_key", baseUrl: json.url }).run({ workflow_id: "wkf_echo" });
  const line = await eventually(() => json.stdout().split("\n")[1] || undefined);
  expect(JSON.parse(line)).toMatchObject({ level: "info", event: "request", method: "POST", status: 200 });
  expect(json.stdout()).not.toMatch(/whsec_/);

  const quiet = await startCli(["--data", ":memory:", "--quiet"], children);
  await new Workflows({ apiKey: "leap_dev_key", baseUrl: quiet.url }).run({ workflow_id: "wkf_echo" });
  const code = exited(quiet.child);
  quiet.child.kill("SIGINT");
  expect(await code).toBe(0);
  expect(quiet.stdout().trimEnd().split("\n")).toHaveLength(1);

  const bad = await startCli(["--log-format", "xml"], children).catch((error: Error) => error);
  expect(String(bad)).toMatch(/--log-format must be pretty or json/);
});
