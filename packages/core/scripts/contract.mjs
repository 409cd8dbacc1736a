// What both generators share: the OpenAPI document, the schemas they emit code for, and one walk over a
// schema that supports exactly the forms and keywords the document uses and fails on any other, so a
// contract change that needs more is noticed here rather than silently checked less. Each generator
// passes a target that turns each form into its own code (run-time checks, or zod schemas).
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "yaml";

/**
 * The schemas to emit, by their name in components.schemas: the check's name, the zod schema's name, the
 * TypeScript type (with its module) both produce, and what happens to fields the document does not name.
 * Objects in the document are open (no `additionalProperties: false`), so what the API answers keeps them
 * ("keep": a field Leap adds reaches the user); what the client sends drops them ("drop": only the named
 * fields go out).
 */
export const SCHEMAS = {
  WorkflowRun: {
    check: "checkWorkflowRun",
    zod: "workflowRunSchema",
    type: "WorkflowRun",
    module: "../schemas/workflow-run",
    unknownFields: "keep",
  },
  BulkRun: {
    check: "checkBulkRun",
    zod: "bulkRunSchema",
    type: "BulkRun",
    module: "../schemas/bulk-run",
    unknownFields: "keep",
  },
  ErrorResponse: {
    check: "checkErrorResponse",
    zod: "errorResponseSchema",
    type: "ErrorResponse",
    module: "../schemas/error-response",
    unknownFields: "keep",
  },
  CreateRunRequest: {
    check: "checkCreateRunParams",
    zod: "createRunParamsSchema",
    type: "CreateRunParams",
    module: "../schemas/workflow-run",
    unknownFields: "drop",
  },
  CreateBulkRunRequest: {
    check: "checkCreateBulkRunParams",
    zod: "createBulkRunParamsSchema",
    type: "CreateBulkRunParams",
    module: "../schemas/bulk-run",
    unknownFields: "drop",
  },
};

/** Open enums (`x-open-enum`) by component name: the TypeScript type a parsed value has, and its module. */
export const OPEN_ENUMS = { RunStatus: { type: "RunStatus", module: "../schemas/run-status" } };

export const HEADER =
  "/**\n * GENERATED FILE: do not edit. Run `pnpm generate` after changing openapi/workflows.yaml.\n */\n";

const document = parse(readFileSync(new URL("../openapi/workflows.yaml", import.meta.url), "utf8"));
export const components = document.components.schemas;

// Keywords that only document (`date-time` is not checked: any string is accepted there).
const DOCUMENTING = new Set(["description", "deprecated", "example"]);
const CHECKED = new Set([
  "$ref",
  "type",
  "properties",
  "required",
  "additionalProperties",
  "minLength",
  "minimum",
  "format",
  "x-url-protocols",
  "enum",
  "x-open-enum",
  "x-same-value",
]);

/**
 * Walks `schema` and returns the target's code for it. The target has one method per supported form:
 * string, unknown, minLength(n), url(protocols?), number, integer(minimum?), nullable(code),
 * optional(code), record, openEnum(name), object(fields, keep, depth) with fields as [key, code] pairs,
 * and sameValue([first, second], code).
 */
export function walk(target, schema, where, unknownFields, depth = 0, refName = undefined) {
  for (const keyword of Object.keys(schema)) {
    if (!DOCUMENTING.has(keyword) && !CHECKED.has(keyword))
      throw new Error(`${where}: keyword ${keyword} is not supported`);
  }
  if (schema.format !== undefined && schema.format !== "uri" && schema.format !== "date-time") {
    throw new Error(`${where}: format ${schema.format} is not supported`);
  }
  if (schema.$ref) {
    const name = schema.$ref.replace("#/components/schemas/", "");
    return walk(target, components[name], name, unknownFields, depth, name);
  }
  // An open enum (`x-open-enum`) lists the values known today: a client accepts any string, so that a
  // value added after it shipped never fails parsing. A closed enum would need a check we do not have.
  if (schema.enum !== undefined) {
    if (schema["x-open-enum"] !== true || schema.type !== "string" || !OPEN_ENUMS[refName])
      throw new Error(`${where}: only open string enums (x-open-enum) named in OPEN_ENUMS are supported`);
    return target.openEnum(refName);
  }
  if (schema["x-same-value"] !== undefined) {
    const { "x-same-value": fields, ...rest } = schema;
    if (fields.length !== 2) throw new Error(`${where}: x-same-value names exactly two fields`);
    return target.sameValue(fields, walk(target, rest, where, unknownFields, depth));
  }
  const types = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type];
  if (types.includes("null")) {
    const rest = types.filter((type) => type !== "null");
    if (rest.length !== 1) throw new Error(`${where}: only one type besides null is supported`);
    return target.nullable(walk(target, { ...schema, type: rest[0] }, where, unknownFields, depth));
  }
  if (types.length === 0) return target.unknown();
  if (types.length > 1) throw new Error(`${where}: unions of types are not supported`);
  switch (types[0]) {
    case "string":
      if (schema.format === "uri") return target.url(schema["x-url-protocols"]);
      if (schema.minLength !== undefined) return target.minLength(schema.minLength);
      return target.string();
    case "number":
      if (schema.minimum !== undefined) throw new Error(`${where}: minimum on a number is not supported`);
      return target.number();
    case "integer":
      return target.integer(schema.minimum);
    case "object": {
      if (schema.additionalProperties === true && !schema.properties) return target.record();
      if (schema.additionalProperties !== undefined)
        throw new Error(`${where}: additionalProperties beside properties is not supported`);
      const required = new Set(schema.required ?? []);
      const fields = Object.entries(schema.properties ?? {}).map(([key, property]) => {
        const code = walk(target, property, `${where}.${key}`, unknownFields, depth + 1);
        return [key, required.has(key) ? code : target.optional(code)];
      });
      return target.object(fields, unknownFields === "keep", depth);
    }
    default:
      throw new Error(`${where}: type ${types[0]} is not supported`);
  }
}

/** `{ a: x, b: y }` over several lines, indented for `depth`. */
export function objectLiteral(fields, depth) {
  const indent = "  ".repeat(depth + 1);
  return `{\n${fields.map(([key, code]) => `${indent}${key}: ${code},`).join("\n")}\n${"  ".repeat(depth)}}`;
}

/** `import type { A, B } from "module";` lines for the types of `entries` ([type, module] pairs). */
export function typeImports(entries) {
  const byModule = new Map();
  for (const [type, module] of entries)
    byModule.set(module, new Set([...(byModule.get(module) ?? []), type]));
  return [...byModule]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([module, types]) => `import type { ${[...types].sort().join(", ")} } from "${module}";`);
}

/** Writes the output to the path given as argv[2] (the drift test's temp file) or to `defaultPath`. */
export function write(defaultPath, output) {
  writeFileSync(process.argv[2] ? resolve(process.argv[2]) : new URL(defaultPath, import.meta.url), output);
}
