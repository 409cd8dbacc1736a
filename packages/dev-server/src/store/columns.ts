import type { BulkRun, WorkflowRun } from "@leap-workflows/core";
import { bulkRunFields, type FieldKind, workflowRunFields } from "@leap-workflows/core/internal";

/**
 * The columns of a table that keeps a contract object (a run, a bulk run) one field per column, built from
 * the field lists core generates from the OpenAPI document: a field added to the run there gets its column,
 * its place in every insert and its value in every answer here with no edit (only a new `DATA_LAYOUT`).
 * Strings and numbers are stored as they are, every other value as JSON text.
 */
export interface ContractColumns<T> {
  /** The column names, in the document's order. */
  readonly names: readonly string[];
  /** The column definitions for CREATE TABLE, the first (`id`) the primary key. */
  readonly definitions: string;
  /** The object's values, in the order of `names`. */
  values(object: T): (string | number | null)[];
  /** The object from a row that has these columns. */
  read(row: Record<string, unknown>): T;
}

const SQL_TYPES: Record<FieldKind, string> = { string: "TEXT", number: "NUMERIC", json: "TEXT" };

function contractColumns<T>(fields: Readonly<Record<string, FieldKind>>): ContractColumns<T> {
  const entries = Object.entries(fields);
  const json = entries.map(([, kind]) => kind === "json");
  return {
    names: entries.map(([name]) => name),
    definitions: entries
      .map(([name, kind], index) => `${name} ${SQL_TYPES[kind]}${index === 0 ? " PRIMARY KEY" : ""}`)
      .join(",\n  "),
    values(object) {
      const values: (string | number | null)[] = [];
      for (let index = 0; index < entries.length; index++) {
        const value = (object as Record<string, unknown>)[(entries[index] as [string, FieldKind])[0]];
        values.push(
          value === undefined || value === null
            ? null
            : json[index]
              ? JSON.stringify(value)
              : (value as string | number),
        );
      }
      return values;
    },
    read(row) {
      const object: Record<string, unknown> = {};
      for (let index = 0; index < entries.length; index++) {
        const name = (entries[index] as [string, FieldKind])[0];
        const value = row[name];
        object[name] = json[index] && typeof value === "string" ? JSON.parse(value) : (value ?? null);
      }
      return object as T;
    },
  };
}

/** Every field of the run. */
export const runColumns = contractColumns<WorkflowRun>(workflowRunFields);

/** The fields of a bulk run that the server works out when it answers, rather than stores. */
const COMPUTED_BULK_FIELDS = ["output_csv_url"] as const satisfies readonly (keyof BulkRun)[];

/** The stored fields of the bulk run. */
export type StoredBulkRun = Omit<BulkRun, (typeof COMPUTED_BULK_FIELDS)[number]>;

/** Every field of the bulk run but those computed (`output_csv_url`: a link signed when it is read). */
export const bulkRunColumns = contractColumns<StoredBulkRun>(
  Object.fromEntries(
    Object.entries(bulkRunFields).filter(
      ([name]) => !(COMPUTED_BULK_FIELDS as readonly string[]).includes(name),
    ),
  ),
);
