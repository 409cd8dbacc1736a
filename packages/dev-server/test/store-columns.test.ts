import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BulkRun, bulkRunSchema, type WorkflowRun, workflowRunSchema } from "@leap-workflows/core";
import { expect, test } from "vitest";
import { openDatabase } from "../src/store/open-database";
import { DATA_LAYOUT, prepareDatabase } from "../src/store/schema";
import { DATABASE_FILE, Store } from "../src/store/store";

// The contract's fields as the client parses them (core's zod schemas, generated from workflows.yaml).
const runFields = Object.keys(workflowRunSchema.shape);
const bulkFields = Object.keys(bulkRunSchema.shape);

/** A value for each field, all different, of the type the contract gives it (every field set, none null). */
function sample(
  fields: string[],
  numbers: readonly string[],
  json: readonly string[],
): Record<string, unknown> {
  return Object.fromEntries(
    fields.map((name, index) => [
      name,
      numbers.includes(name)
        ? index + 1
        : json.includes(name)
          ? { field: name, list: [index] }
          : `${name}-value`,
    ]),
  );
}

test("the runs and bulk_runs tables have a column for every field of the contract's WorkflowRun and BulkRun", async () => {
  const data = mkdtempSync(join(tmpdir(), "leap-columns-"));
  await (await Store.open(data)).close();
  const db = openDatabase(join(data, DATABASE_FILE));
  const columns = (table: string) =>
    (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((column) => column.name);
  const runColumns = columns("runs");
  const bulkColumns = columns("bulk_runs");
  db.close();
  expect(runColumns.slice(0, runFields.length)).toEqual(runFields);
  // output_csv_url alone is worked out when a bulk run is read (a freshly signed link), not stored.
  expect(bulkColumns.slice(0, bulkFields.length - 1)).toEqual(
    bulkFields.filter((name) => name !== "output_csv_url"),
  );
});

test("a run and a bulk run with every contract field set read back as they were stored", async () => {
  const store = await Store.open(":memory:");
  try {
    const run = sample(runFields, [], ["input", "output"]) as WorkflowRun;
    store.insertRun({ run, webhookUrl: null, bulkRunId: null, idempotencyKey: null, fingerprint: null });
    expect(store.run(run.id)).toEqual(run);
    // Nulls where the contract allows them, and output values of every JSON type.
    for (const output of [null, "text", 0, false, [1, "two"]]) {
      const other = { ...run, id: `rnp_${JSON.stringify(output)}`, started_at: null, input: null, output };
      store.insertRun({
        run: other,
        webhookUrl: null,
        bulkRunId: null,
        idempotencyKey: null,
        fingerprint: null,
      });
      expect(store.run(other.id)).toEqual(other);
    }

    const bulk = { ...sample(bulkFields, ["row_count"], []), status: "completed" } as BulkRun;
    store.insertBulkRun(bulk, { webhookUrl: null, idempotencyKey: null, fingerprint: null });
    expect(store.bulkRun(bulk.id, (id) => `link-to-${id}`)).toEqual({
      ...bulk,
      output_csv_url: `link-to-${bulk.id}`,
    });
  } finally {
    await store.close();
  }
});

/** The tables' structure: each table's and index's columns, types, constraints and keys (not the SQL's layout). */
function tablesOf(): unknown {
  const db = openDatabase(":memory:");
  prepareDatabase(db, ":memory:");
  const objects = db
    .prepare("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { type: string; name: string }[];
  const structure = objects.map(({ type, name }) => ({
    type,
    name,
    columns: db.prepare(`PRAGMA ${type === "table" ? "table_xinfo" : "index_xinfo"}(${name})`).all(),
    indexes: type === "table" ? db.prepare(`PRAGMA index_list(${name})`).all() : [],
  }));
  db.close();
  return structure;
}

test("each data layout number names one set of tables", () => {
  // Changing the tables (a field added to the run or the bulk run in workflows.yaml does) changes this
  // digest: give the change the next DATA_LAYOUT in src/store/schema.ts, so that folders written before it
  // are refused instead of misread, and put the new pair here.
  const digest = createHash("sha256").update(JSON.stringify(tablesOf())).digest("hex").slice(0, 16);
  expect({ layout: DATA_LAYOUT, digest }).toEqual({ layout: 2, digest: "15c7aef93d50a2ab" });
});
