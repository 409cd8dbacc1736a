// Generates src/generated/validators.ts from openapi/workflows.yaml: one check per schema the client validates
// (responses, webhook bodies, request parameters), built from src/schemas/checks.ts, so nothing at run time
// needs zod. Supports exactly the schema forms and keywords the document uses and fails on any other, so a
// contract change that needs more is noticed here rather than silently checked less.
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "yaml";

// The schemas to check: the function's name, the TypeScript type (with its module) it returns, and what
// happens to fields the document does not name. Objects in the document are open (no
// `additionalProperties: false`), so what the API answers keeps them ("keep": a field Leap adds reaches
// the user); what the client sends drops them ("drop": only the named fields go out).
const SCHEMAS = {
  WorkflowRun: ["checkWorkflowRun", "WorkflowRun", "../schemas/workflow-run", "keep"],
  BulkRun: ["checkBulkRun", "BulkRun", "../schemas/bulk-run", "keep"],
  ErrorResponse: ["checkErrorResponse", "ErrorResponse", "../schemas/error-response", "keep"],
  CreateRunRequest: ["checkCreateRunParams", "CreateRunParams", "../schemas/workflow-run", "drop"],
  CreateBulkRunRequest: ["checkCreateBulkRunParams", "CreateBulkRunParams", "../schemas/bulk-run", "drop"],
};

const document = parse(readFileSync(new URL("../openapi/workflows.yaml", import.meta.url), "utf8"));
const components = document.components.schemas;
const used = new Set();

// Keywords that only document (`date-time` is not checked: the zod schemas accept any string there too).
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

function expression(schema, where, unknownFields, depth = 0) {
  for (const keyword of Object.keys(schema)) {
    if (!DOCUMENTING.has(keyword) && !CHECKED.has(keyword))
      throw new Error(`${where}: keyword ${keyword} is not supported`);
  }
  if (schema.format !== undefined && schema.format !== "uri" && schema.format !== "date-time") {
    throw new Error(`${where}: format ${schema.format} is not supported`);
  }
  if (schema.$ref) {
    const name = schema.$ref.replace("#/components/schemas/", "");
    return expression(components[name], name, unknownFields, depth);
  }
  // An open enum (`x-open-enum`) lists the values known today: a client accepts any string, so that a
  // value added after it shipped never fails parsing. A closed enum would need a check we do not have.
  if (schema.enum !== undefined) {
    if (schema["x-open-enum"] !== true || schema.type !== "string")
      throw new Error(`${where}: only open string enums (x-open-enum) are supported`);
    return use("string");
  }
  if (schema["x-same-value"] !== undefined) {
    const { "x-same-value": fields, ...rest } = schema;
    return `${use("sameValue")}(${JSON.stringify(fields)}, ${expression(rest, where, unknownFields, depth)})`;
  }
  const types = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type];
  if (types.includes("null")) {
    const rest = types.filter((type) => type !== "null");
    if (rest.length !== 1) throw new Error(`${where}: only one type besides null is supported`);
    return `${use("nullable")}(${expression({ ...schema, type: rest[0] }, where, unknownFields, depth)})`;
  }
  if (types.length === 0) return use("unknown");
  if (types.length > 1) throw new Error(`${where}: unions of types are not supported`);
  switch (types[0]) {
    case "string":
      if (schema.format === "uri") {
        const protocols = schema["x-url-protocols"];
        return `${use("url")}(${protocols ? JSON.stringify(protocols) : ""})`;
      }
      if (schema.minLength !== undefined) return `${use("minLength")}(${schema.minLength})`;
      return use("string");
    case "number":
      if (schema.minimum !== undefined) throw new Error(`${where}: minimum on a number is not supported`);
      return use("number");
    case "integer":
      return `${use("integer")}(${schema.minimum ?? Number.MIN_SAFE_INTEGER})`;
    case "object": {
      if (schema.additionalProperties === true && !schema.properties) return use("record");
      if (schema.additionalProperties !== undefined)
        throw new Error(`${where}: additionalProperties beside properties is not supported`);
      const keys = Object.keys(schema.properties ?? {});
      const required = new Set(schema.required ?? []);
      const indent = "  ".repeat(depth + 1);
      const fields = keys.map((key) => {
        const check = expression(schema.properties[key], `${where}.${key}`, unknownFields, depth + 1);
        return `${indent}${key}: ${required.has(key) ? check : `${use("optional")}(${check})`},`;
      });
      const build = unknownFields === "keep" ? use("looseObject") : use("object");
      return `${build}({\n${fields.join("\n")}\n${"  ".repeat(depth)}})`;
    }
    default:
      throw new Error(`${where}: type ${types[0]} is not supported`);
  }
}

function use(name) {
  used.add(name);
  return name;
}

const checks = Object.entries(SCHEMAS).map(
  ([schema, [name, type, , unknownFields]]) =>
    `/** Checks the ${schema} object (components.schemas.${schema}); unknown fields: ${unknownFields}. */\nexport const ${name}: Check<${type}> = ${expression(components[schema], schema, unknownFields)};`,
);
const typesByModule = new Map();
for (const [, , type, module] of Object.entries(SCHEMAS).map(([schema, entry]) => [schema, ...entry])) {
  typesByModule.set(module, [...(typesByModule.get(module) ?? []), type]);
}
const typeImports = [...typesByModule]
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([module, types]) => `import type { ${types.sort().join(", ")} } from "${module}";`);
const output = `/**
 * GENERATED FILE: do not edit. Run \`pnpm generate\` after changing openapi/workflows.yaml.
 */

${typeImports.join("\n")}
import { type Check, ${[...used].sort().join(", ")} } from "../schemas/checks";

${checks.join("\n\n")}
`;
const path = process.argv[2]
  ? resolve(process.argv[2])
  : new URL("../src/generated/validators.ts", import.meta.url);
writeFileSync(path, output);
