// Generates src/generated/validators.ts from openapi/workflows.yaml: one check per schema the client validates
// (responses, webhook bodies, request parameters), built from src/schemas/checks.ts, so nothing at run time
// needs zod. Supports exactly the schema forms and keywords the document uses and fails on any other, so a
// contract change that needs more is noticed here rather than silently checked less.
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "yaml";

// The schemas to check: the function's name, and the TypeScript type (with its module) it returns.
const SCHEMAS = {
  WorkflowRun: ["checkWorkflowRun", "WorkflowRun", "../schemas/workflow-run"],
  BulkRun: ["checkBulkRun", "BulkRun", "../schemas/bulk-run"],
  ErrorResponse: ["checkErrorResponse", "ErrorResponse", "../schemas/error-response"],
  CreateRunRequest: ["checkCreateRunParams", "CreateRunParams", "../schemas/workflow-run"],
  CreateBulkRunRequest: ["checkCreateBulkRunParams", "CreateBulkRunParams", "../schemas/bulk-run"],
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
]);

function expression(schema, where, depth = 0) {
  for (const keyword of Object.keys(schema)) {
    if (!DOCUMENTING.has(keyword) && !CHECKED.has(keyword))
      throw new Error(`${where}: keyword ${keyword} is not supported`);
  }
  if (schema.format !== undefined && schema.format !== "uri" && schema.format !== "date-time") {
    throw new Error(`${where}: format ${schema.format} is not supported`);
  }
  if (schema.$ref) {
    const name = schema.$ref.replace("#/components/schemas/", "");
    // RunStatus is an open enum: a client must accept statuses added after it shipped (DESIGN.md).
    if (name === "RunStatus") return use("string");
    return expression(components[name], name, depth);
  }
  const types = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type];
  if (types.includes("null")) {
    const rest = types.filter((type) => type !== "null");
    if (rest.length !== 1) throw new Error(`${where}: only one type besides null is supported`);
    return `${use("nullable")}(${expression({ ...schema, type: rest[0] }, where, depth)})`;
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
    case "integer":
      return `${use("integer")}(${schema.minimum ?? Number.MIN_SAFE_INTEGER})`;
    case "object": {
      if (schema.additionalProperties === true && !schema.properties) return use("record");
      // Deprecated fields are still accepted by servers, but clients neither send nor read them.
      const keys = Object.keys(schema.properties ?? {}).filter((key) => !schema.properties[key].deprecated);
      const required = new Set(schema.required ?? []);
      const indent = "  ".repeat(depth + 1);
      const fields = keys.map((key) => {
        const check = expression(schema.properties[key], `${where}.${key}`, depth + 1);
        return `${indent}${key}: ${required.has(key) ? check : `${use("optional")}(${check})`},`;
      });
      return `${use("object")}({\n${fields.join("\n")}\n${"  ".repeat(depth)}})`;
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
  ([schema, [name, type]]) =>
    `/** Checks the ${schema} object (components.schemas.${schema}). */\nexport const ${name}: Check<${type}> = ${expression(components[schema], schema)};`,
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
