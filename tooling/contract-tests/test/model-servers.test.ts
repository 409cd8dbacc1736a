import { Workflows as EdgeWorkflows } from "@leap-workflows/edge";
import { AuthenticationError, Workflows as NodeWorkflows } from "@leap-workflows/node";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type ModelServer, startModelServer } from "./model-server";

// The node and edge clients against two strict models of Leap's API, one per document: a run's inputs
// must reach a server that reads `input` and one that reads `inputs`; every answer as the published
// schema describes it (nulls, `bulk_…` ids, a field the SDK does not know) must be accepted.
const API_KEY = "leap_model_key";
const clients = {
  node: (baseUrl: string, apiKey = API_KEY) => new NodeWorkflows({ apiKey, baseUrl, maxRetries: 0 }),
  edge: (baseUrl: string, apiKey = API_KEY) => new EdgeWorkflows({ apiKey, baseUrl, maxRetries: 0 }),
};
const fast = { initialInterval: 1, maxInterval: 5 };

for (const reads of ["input", "inputs"] as const) {
  describe(`a server that reads \`${reads}\``, () => {
    let server: ModelServer;
    beforeAll(async () => {
      server = await startModelServer({ reads, apiKey: API_KEY });
    });
    afterAll(() => server.close());

    for (const [name, createClient] of Object.entries(clients)) {
      test(`${name}: run (inputs or input), wait; the inputs arrive and the output is theirs`, async () => {
        const leap = createClient(server.url);
        for (const params of [
          { workflow_id: "wkf_i3F5UjpZ2Vg", inputs: { first_name: "Sam" } },
          { workflow_id: "wkf_i3F5UjpZ2Vg", input: { first_name: "Sam" } },
        ]) {
          const run = await leap.run(params);
          expect(run).toMatchObject({ status: "queued", started_at: null, input: { first_name: "Sam" } });
          expect((run as Record<string, unknown>).cost_usd).toBe(0.0042);
          const done = await leap.runs.wait(run.id, fast);
          expect(done).toMatchObject({ status: "completed", output: { echo: { first_name: "Sam" } } });
          expect((done as Record<string, unknown>).cost_usd).toBe(0.0042);
        }
      });

      test(`${name}: a run without inputs comes back with input null, and waits to its end`, async () => {
        const leap = createClient(server.url);
        const run = await leap.run({ workflow_id: "wkf_i3F5UjpZ2Vg" });
        expect(run).toMatchObject({ input: null, output: null, error: null, ended_at: null });
        expect((await leap.runs.wait(run.id, fast)).status).toBe("completed");
      });

      test(`${name}: bulk create and bulk wait (bulk_ id, row_count a number)`, async () => {
        const leap = createClient(server.url);
        const bulk = await leap.bulkRuns.create({
          workflow_id: "wkf_i3F5UjpZ2Vg",
          input_csv_url: "https://myapp.com/input.csv",
        });
        expect(bulk.id).toMatch(/^bulk_/);
        expect(bulk).toMatchObject({ status: "queued", row_count: 0, output_csv_url: null });
        const done = await leap.bulkRuns.wait(bulk.id, fast);
        expect(done).toMatchObject({
          status: "completed",
          row_count: 3,
          output_csv_url: "https://leap.test/output.csv",
        });
        expect((done as Record<string, unknown>).cost_usd).toBe(0.0042);
      });

      test(`${name}: a 401 with no body says what to check, without the key`, async () => {
        const secretKey = "sk_model_wrong_5f1e";
        const error = await createClient(server.url, secretKey)
          .runs.retrieve("rnp_1")
          .catch((caught: unknown) => caught);
        expect(AuthenticationError.isInstance(error)).toBe(true);
        const message = (error as Error).message;
        expect(message).toMatch(/API key/);
        expect(message).toMatch(/X-Api-Key/);
        expect(message).not.toContain(secretKey);
      });
    }

    test("the client sent the inputs under the name this server reads (and the other)", () => {
      const created = server.requests.filter(
        (request) => request.method === "POST" && request.path === "/v1/runs",
      );
      expect(created.length).toBeGreaterThan(0);
      for (const { body } of created) {
        const sent = body as Record<string, unknown>;
        if (sent.inputs !== undefined || sent.input !== undefined) {
          expect(sent[reads]).toEqual({ first_name: "Sam" });
          expect(sent.input).toEqual(sent.inputs);
        }
      }
    });
  });
}
