import { Workflows as EdgeWorkflows } from "@leap-workflows/edge";
import { AuthenticationError, InvalidResponseError, Workflows as NodeWorkflows } from "@leap-workflows/node";
import { openTelemetryTracing } from "@leap-workflows/node/tracing";
import { recordSpans } from "@leap-workflows/test-kit/tracing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { LEAP_DOCUMENT, type Prism, startPrism } from "./prism";

// Prism mocks Leap's published schema in dynamic mode: every answer is random but schema-conforming
// (nulls where nullable, random extra fields, any status of the enum). The clients must accept every one.
let prism: Prism;
beforeAll(async () => {
  prism = await startPrism(["mock", "--dynamic", LEAP_DOCUMENT]);
}, 90_000);
afterAll(() => prism?.stop());

// `pnpm test` makes 25 rounds per client; `pnpm test:stress` (LEAP_FULL_PROOFS, hashed by turbo.json) 60.
const ROUNDS = process.env.LEAP_FULL_PROOFS ? 60 : 25;
const RUN_ID = "rnp_x3p27VQk6MyJfLe";
const BULK_RUN_ID = "bulk_9Nmenl7rxIu2FiSsnqNyTe9G";
// `fetch` is injectable: the 401 test drops the key on the way, as a misconfigured proxy would.
const clients = {
  node: (baseUrl: string, apiKey: string, fetch?: typeof globalThis.fetch) =>
    new NodeWorkflows({ apiKey, baseUrl, maxRetries: 0, fetch }),
  edge: (baseUrl: string, apiKey: string, fetch?: typeof globalThis.fetch) =>
    new EdgeWorkflows({ apiKey, baseUrl, maxRetries: 0, fetch }),
};
const dropApiKey: typeof globalThis.fetch = (input, init) => {
  const headers = new Headers(init?.headers);
  headers.delete("x-api-key");
  return fetch(input, { ...init, headers });
};

describe.each(Object.entries(clients))(
  "%s client against Prism mocking Leap's published schema",
  (_, create) => {
    test(`${ROUNDS} rounds of run, retrieve, wait, bulk create, bulk retrieve, bulk wait: every answer accepted`, async () => {
      const leap = create(prism.url, "leap_any_key");
      const seen = { nullInput: 0, nonNullInput: 0, extraFields: 0, statuses: new Set<string>() };
      try {
        for (let round = 0; round < ROUNDS; round++) {
          const run = await leap.run({ workflow_id: "wkf_i3F5UjpZ2Vg", inputs: { first_name: "Sam" } });
          // Prism's random ids are words with spaces, which the client refuses to put in a path; the mock
          // answers every id alike, so the reads use Leap's example ids.
          expect(typeof run.id).toBe("string");
          const read = await leap.runs.retrieve(RUN_ID);
          const done = await leap.runs.wait(RUN_ID, { initialInterval: 1, maxInterval: 2 });
          for (const each of [run, read, done]) {
            seen.statuses.add(each.status);
            if (each.input === null) seen.nullInput++;
            else seen.nonNullInput++;
            // Prism adds random properties: they must survive parsing.
            if (Object.keys(each).length > 10) seen.extraFields++;
          }
          const bulk = await leap.bulkRuns.create({
            workflow_id: "wkf_i3F5UjpZ2Vg",
            input_csv_url: "https://myapp.com/input.csv",
          });
          expect(typeof bulk.id).toBe("string");
          await leap.bulkRuns.retrieve(BULK_RUN_ID);
          const bulkDone = await leap.bulkRuns.wait(BULK_RUN_ID, { initialInterval: 1, maxInterval: 2 });
          expect(typeof bulkDone.row_count).toBe("number");
        }
      } catch (error) {
        if (InvalidResponseError.isInstance(error)) {
          throw new Error(
            `a schema-conforming answer was refused: ${error.message}\n${JSON.stringify(error.body)}`,
          );
        }
        throw error;
      }
      // The random answers did cover what used to be refused: null inputs and unknown fields.
      expect(seen.nullInput).toBeGreaterThan(0);
      expect(seen.nonNullInput).toBeGreaterThan(0);
      expect(seen.extraFields).toBeGreaterThan(0);
      expect(seen.statuses.size).toBeGreaterThan(2);
    }, 240_000);

    test("Prism's 401 (no body, as the published schema documents it) becomes a helpful AuthenticationError", async () => {
      const secretKey = "sk_prism_secret_91c2";
      const leap = create(prism.url, secretKey, dropApiKey);
      const error = await leap.runs.retrieve("rnp_x3p27VQk6MyJfLe").catch((caught: unknown) => caught);
      expect(AuthenticationError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/X-Api-Key/);
    });
  },
);

test("with tracing on, runs and bulk runs with a webhook_url (carrying a traceparent) are valid requests", async () => {
  const recorded = await recordSpans();
  const sent: string[] = [];
  const observe: typeof globalThis.fetch = (input, init) => {
    if (typeof init?.body === "string") sent.push(init.body);
    return fetch(input, init);
  };
  const leap = new NodeWorkflows({
    apiKey: "leap_any_key",
    baseUrl: prism.url,
    maxRetries: 0,
    fetch: observe,
    tracing: openTelemetryTracing(recorded.tracer, { propagateToWebhooks: true }),
  });
  const webhook_url = "https://myapp.com/webhooks/leap?tenant=7";
  for (let round = 0; round < 10; round++) {
    // Prism answers a request that breaks the published schema with an error, which would reject here.
    await leap.run({ workflow_id: "wkf_i3F5UjpZ2Vg", inputs: { first_name: "Sam" }, webhook_url });
    await leap.runs.wait(RUN_ID, { initialInterval: 1, maxInterval: 2 });
    await leap.bulkRuns.create({
      workflow_id: "wkf_i3F5UjpZ2Vg",
      input_csv_url: "https://myapp.com/input.csv",
      webhook_url,
    });
    await leap.bulkRuns.retrieve(BULK_RUN_ID);
  }
  const spans = recorded.spans();
  expect(new Set(spans.map((span) => span.name))).toEqual(
    new Set(["leap.runs.create", "leap.runs.wait", "leap.bulkRuns.create", "leap.bulkRuns.retrieve"]),
  );
  expect(spans).toHaveLength(40);
  // Every create sent the traceparent of its own span.
  expect(sent).toHaveLength(20);
  for (const body of sent) {
    expect(JSON.parse(body).webhook_url).toMatch(
      /^https:\/\/myapp\.com\/webhooks\/leap\?tenant=7&traceparent=00-[0-9a-f]{32}-[0-9a-f]{16}-01$/,
    );
  }
  for (const span of spans) expect(span.status.code).not.toBe(2);
}, 240_000);
