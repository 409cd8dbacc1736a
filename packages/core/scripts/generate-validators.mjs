// Generates src/generated/validators.ts from openapi/workflows.yaml: one check per schema the client
// validates (responses, webhook bodies, request parameters), built from src/validation/checks.ts, so nothing
// at run time needs zod. The dev server validates requests with the same checks, so both word a problem
// the same way. scripts/generate-zod.mjs emits the zod schemas from the same walk.
import { components, HEADER, objectLiteral, SCHEMAS, typeImports, walk, write } from "./contract.mjs";

const used = new Set();
const use = (name) => {
  used.add(name);
  return name;
};

// Each call is marked pure, so that a bundler drops the checks a program does not use (esbuild does not see
// across files that the builders in checks.ts have no side effects).
const call = (name, args) => `/* @__PURE__ */ ${use(name)}(${args})`;

const target = {
  string: () => use("string"),
  unknown: () => use("unknown"),
  // Any string: see OPEN_ENUMS in contract.mjs.
  openEnum: () => use("string"),
  minLength: (length) => call("minLength", length),
  url: (protocols) => call("url", protocols ? JSON.stringify(protocols) : ""),
  number: () => use("number"),
  integer: (minimum) => call("integer", minimum ?? Number.MIN_SAFE_INTEGER),
  nullable: (code) => call("nullable", code),
  optional: (code) => call("optional", code),
  record: () => use("record"),
  object: (fields, keep, depth) => call(keep ? "looseObject" : "object", objectLiteral(fields, depth)),
  sameValue: (fields, code) => call("sameValue", `${JSON.stringify(fields)}, ${code}`),
};

const checks = Object.entries(SCHEMAS).map(
  ([schema, { check, type, unknownFields }]) =>
    `/** Checks the ${schema} object (components.schemas.${schema}); unknown fields: ${unknownFields}. */\nexport const ${check}: Check<${type}> = ${walk(target, components[schema], schema, unknownFields)};`,
);
write(
  "../src/generated/validators.ts",
  `${HEADER}
${typeImports(Object.values(SCHEMAS).map(({ type, module }) => [type, module])).join("\n")}
import { type Check, ${[...used].sort().join(", ")} } from "../validation/checks";

${checks.join("\n\n")}
`,
);
