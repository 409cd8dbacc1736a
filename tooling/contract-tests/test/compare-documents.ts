// Compares two OpenAPI documents by what they promise on the wire, not by how they are written: references
// are followed, 3.0's `nullable` is 3.1's `type: [T, "null"]`, enums and `required` are sets, and words
// meant for people (descriptions, examples, summaries, tags, operation ids) and `x-` annotations are left
// out. The result is every place where the two differ, each named by a dotted path.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** One difference: where, and what each document says there (`undefined`: it says nothing). */
export interface Difference {
  at: string;
  ours: Json | undefined;
  theirs: Json | undefined;
}

export interface NormalizeOptions {
  /** Component schemas compared by name: this document's name -> the name both are compared under. */
  schemaNames?: Record<string, string>;
  /** Component schemas written in place wherever they are referenced (e.g. an enum the other inlines). */
  inline?: readonly string[];
}

const IGNORED = new Set(["description", "example", "examples", "summary", "title", "tags", "operationId"]);
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function resolve(document: JsonObject, ref: string): JsonObject {
  let node: Json = document;
  for (const part of ref.replace(/^#\//, "").split("/")) node = isObject(node) ? (node[part] ?? null) : null;
  if (!isObject(node)) throw new Error(`unresolved $ref ${ref}`);
  return node;
}

function normalizeSchema(document: JsonObject, schema: Json, options: NormalizeOptions): Json {
  if (!isObject(schema)) return schema;
  if (typeof schema.$ref === "string") {
    const name = schema.$ref.replace("#/components/schemas/", "");
    if (options.inline?.includes(name))
      return normalizeSchema(document, resolve(document, schema.$ref), options);
    return { $ref: options.schemaNames?.[name] ?? name };
  }
  const output: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (IGNORED.has(key) || key.startsWith("x-") || key === "nullable") continue;
    // An empty format says nothing; `additionalProperties: true` is what JSON Schema assumes anyway.
    if (key === "format" && value === "") continue;
    if (key === "additionalProperties" && value === true) continue;
    if (key === "properties" && isObject(value)) {
      output.properties = Object.fromEntries(
        Object.entries(value).map(([name, property]) => [name, normalizeSchema(document, property, options)]),
      );
    } else if ((key === "enum" || key === "required") && Array.isArray(value)) {
      output[key] = [...value].map(String).sort();
    } else output[key] = value;
  }
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (schema.nullable === true) types.push("null");
  if (types.length > 0) output.type = [...new Set(types.map(String))].sort();
  return output;
}

function normalizeContent(document: JsonObject, content: Json | undefined, options: NormalizeOptions): Json {
  if (!isObject(content)) return "no body";
  return Object.fromEntries(
    Object.entries(content).map(([type, media]) => [
      type,
      normalizeSchema(document, isObject(media) ? (media.schema ?? null) : null, options),
    ]),
  );
}

function normalizeSecurity(document: JsonObject, security: Json | undefined): Json {
  if (!Array.isArray(security)) return [];
  const schemes = isObject(document.components) ? document.components.securitySchemes : undefined;
  // A requirement is compared by what it asks for (a header and its name), not by the scheme's name.
  return security.map((requirement) =>
    Object.keys(isObject(requirement) ? requirement : {}).map((name) => {
      const scheme = isObject(schemes) ? schemes[name] : undefined;
      return isObject(scheme) ? normalizeSchema(document, scheme, {}) : name;
    }),
  );
}

function normalizeOperation(
  document: JsonObject,
  operation: JsonObject,
  options: NormalizeOptions,
): JsonObject {
  const parameters: JsonObject = {};
  for (let parameter of Array.isArray(operation.parameters) ? operation.parameters : []) {
    if (isObject(parameter) && typeof parameter.$ref === "string")
      parameter = resolve(document, parameter.$ref);
    if (!isObject(parameter)) continue;
    const name = parameter.in === "header" ? String(parameter.name).toLowerCase() : String(parameter.name);
    parameters[`${String(parameter.in)} ${name}`] = {
      required: parameter.required === true,
      schema: normalizeSchema(document, parameter.schema ?? null, options),
    };
  }
  const responses: JsonObject = {};
  for (const [status, value] of Object.entries(isObject(operation.responses) ? operation.responses : {})) {
    const response =
      isObject(value) && typeof value.$ref === "string" ? resolve(document, value.$ref) : value;
    responses[status] = {
      body: normalizeContent(document, isObject(response) ? response.content : undefined, options),
    };
  }
  const body = isObject(operation.requestBody) ? operation.requestBody : undefined;
  return {
    parameters,
    requestBody: body
      ? { required: body.required === true, content: normalizeContent(document, body.content, options) }
      : "none",
    responses,
    security: normalizeSecurity(document, operation.security ?? document.security),
  };
}

function normalizeOperations(
  document: JsonObject,
  paths: Json | undefined,
  options: NormalizeOptions,
): JsonObject {
  const output: JsonObject = {};
  for (const [path, item] of Object.entries(isObject(paths) ? paths : {})) {
    if (!isObject(item)) continue;
    const operations: JsonObject = {};
    for (const method of METHODS) {
      const operation = item[method];
      if (isObject(operation)) operations[method] = normalizeOperation(document, operation, options);
    }
    output[path] = operations;
  }
  return output;
}

/** What a document promises, in a form two documents can be compared in. */
export function normalize(document: JsonObject, options: NormalizeOptions = {}): JsonObject {
  const components = isObject(document.components) ? document.components : {};
  const schemas: JsonObject = {};
  for (const [name, schema] of Object.entries(isObject(components.schemas) ? components.schemas : {})) {
    if (options.inline?.includes(name)) continue;
    schemas[options.schemaNames?.[name] ?? name] = normalizeSchema(document, schema, options);
  }
  const servers = Array.isArray(document.servers) ? document.servers : [];
  return {
    // Only the major and minor version matter (3.0 and 3.1 differ in how they write schemas).
    openapi: String(document.openapi).split(".").slice(0, 2).join("."),
    servers: servers.map((server) => (isObject(server) ? String(server.url).replace(/\/+$/, "") : null)),
    paths: normalizeOperations(document, document.paths, options),
    webhooks: normalizeOperations(document, document.webhooks, options),
    schemas,
  };
}

/** Every place where two normalized documents differ; a part only one of them has is one difference. */
export function diff(ours: Json | undefined, theirs: Json | undefined, at = ""): Difference[] {
  if (isObject(ours) && isObject(theirs)) {
    const keys = [...new Set([...Object.keys(ours), ...Object.keys(theirs)])].sort();
    return keys.flatMap((key) => diff(ours[key], theirs[key], at === "" ? key : `${at}.${key}`));
  }
  if (JSON.stringify(ours) === JSON.stringify(theirs)) return [];
  return [{ at, ours, theirs }];
}

/** True when a known difference's path (`*` stands for one segment) names this difference's path. */
export function matches(pattern: string, at: string): boolean {
  const patternParts = pattern.split(".");
  const parts = at.split(".");
  return (
    patternParts.length === parts.length && patternParts.every((part, i) => part === "*" || part === parts[i])
  );
}
