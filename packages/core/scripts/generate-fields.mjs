// Generates src/generated/fields.ts from openapi/workflows.yaml: the fields of each object the API answers
// with and stores, in the document's order, with the kind of value each holds. Code that keeps those objects
// field by field (the dev server's SQL tables) is built from these lists, so a field added to the document
// reaches it with no edit of its own.
import { components, HEADER, SCHEMAS, typeImports, walk, write } from "./contract.mjs";

// Only the fields' kinds: a string (enums, URLs and dates too), a number, or any other JSON value.
const target = {
  string: () => "string",
  openEnum: () => "string",
  minLength: () => "string",
  url: () => "string",
  number: () => "number",
  integer: () => "number",
  unknown: () => "json",
  record: () => "json",
  nullable: (kind) => kind,
  optional: (kind) => kind,
  sameValue: (_fields, kind) => kind,
  // The object itself lists its fields; an object inside it is one JSON value.
  object: (fields, _keep, depth) => (depth === 0 ? fields : "json"),
};

const STORED = { WorkflowRun: "workflowRunFields", BulkRun: "bulkRunFields" };

const lists = Object.entries(STORED).map(([schema, name]) => {
  const fields = walk(target, components[schema], schema, "keep");
  const { type } = SCHEMAS[schema];
  return `/** The fields of the ${schema} object (components.schemas.${schema}), in the document's order, by kind. */
export const ${name} = {
${fields.map(([key, kind]) => `  ${key}: "${kind}",`).join("\n")}
} as const satisfies { readonly [Field in keyof ${type}]-?: FieldKind };`;
});

write(
  "../src/generated/fields.ts",
  `${HEADER}
${typeImports(Object.keys(STORED).map((schema) => [SCHEMAS[schema].type, SCHEMAS[schema].module])).join("\n")}

/** The kind of value a field holds: a string (enums, URLs, dates), a number, or any other JSON value. */
export type FieldKind = "string" | "number" | "json";

${lists.join("\n\n")}
`,
);
