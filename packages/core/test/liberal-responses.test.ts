import { fakeRun } from "@leap-workflows/test-kit/fixture-server";
import { describe, expect, test } from "vitest";
import { checkBulkRun, checkErrorResponse, checkWorkflowRun } from "../src/generated/validators";
import { bulkRunSchema, workflowRunSchema } from "../src/index";
import { validate } from "../src/validation/checks";

// What Leap's published schema allows must parse (run-time validation is never stricter than the
// server's contract), unknown fields kept; what no version of the API could send is still refused.
// Every field Leap's schema lets be null is null here.
const run = fakeRun({ status: "queued", created_at: "2026-11-28T12:00:00Z", started_at: null, input: null });
const bulkRun = {
  id: "bulk_9Nmenl7rxIu2FiSsnqNyTe9G",
  version_id: "vsp_1",
  status: "running",
  created_at: "2026-11-28T12:00:00Z",
  workflow_id: "wkf_i3F5UjpZ2Vg",
  input_csv_url: "https://myapp.com/input.csv",
  output_csv_url: null,
  error: null,
  row_count: 2.5,
};

describe("responses as Leap's published schema describes them", () => {
  test("a run with every nullable field null parses, and keeps a field the SDK does not know", () => {
    const result = validate(checkWorkflowRun, { ...run, cost_usd: 0.02 });
    expect(result).toEqual({ ok: true, value: { ...run, cost_usd: 0.02 } });
    expect(workflowRunSchema.parse({ ...run, cost_usd: 0.02 })).toEqual({ ...run, cost_usd: 0.02 });
  });

  test("a bulk run's row_count may be any number or null; unknown fields kept", () => {
    for (const row_count of [0, 3, 2.5, null]) {
      const value = { ...bulkRun, row_count, cost_usd: 1 };
      expect(validate(checkBulkRun, value)).toEqual({ ok: true, value });
      expect(bulkRunSchema.parse(value)).toEqual(value);
    }
  });

  test("an error body keeps its extra fields too", () => {
    const body = { error: { type: "x", message: "y", param: "z" }, request_id: "req_1" };
    expect(validate(checkErrorResponse, body)).toEqual({ ok: true, value: body });
  });

  test("a status no document names is accepted (and is final for wait)", () => {
    expect(validate(checkWorkflowRun, { ...run, status: "archived" }).ok).toBe(true);
  });

  test("what no version could send is refused, naming the field", () => {
    const { id: _, ...noId } = run;
    expect(validate(checkWorkflowRun, noId)).toEqual({
      ok: false,
      issues: [{ path: "id", message: "required (expected string)" }],
    });
    expect(validate(checkWorkflowRun, { ...run, id: 42 }).ok).toBe(false);
    expect(validate(checkWorkflowRun, { ...run, input: [1] }).ok).toBe(false);
    expect(validate(checkBulkRun, { ...bulkRun, row_count: "3" }).ok).toBe(false);
  });

  test("a __proto__ key in a response never becomes the parsed object's prototype", () => {
    const parsed = JSON.parse(`{"__proto__":{"polluted":true},${JSON.stringify(run).slice(1)}`);
    const result = validate(checkWorkflowRun, parsed);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype);
      expect((result.value as Record<string, unknown>).polluted).toBeUndefined();
    }
  });
});
