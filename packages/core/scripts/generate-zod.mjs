// Generates src/generated/zod.ts from openapi/workflows.yaml: the zod/mini schemas users import
// (workflowRunSchema, createRunParamsSchema…), from the same walk as the run-time checks
// (generate-validators.mjs), so both accept the same values and word a problem the same way (the messages
// zod has no word for come from src/validation/checks.ts; the rest from validationErrorMap).
// test/generated-validators.test.ts proves the two agree; src/schemas/schemas.test-d.ts pins the inferred
// types to src/generated/openapi.ts.
import {
  components,
  HEADER,
  OPEN_ENUMS,
  objectLiteral,
  SCHEMAS,
  typeImports,
  walk,
  write,
} from "./contract.mjs";

const helpers = new Set();
const enums = new Set();
const helper = (name) => {
  helpers.add(name);
  return name;
};
const lowerFirst = (name) => name[0].toLowerCase() + name.slice(1);

// zod's z.url() wants `http://` or `https://` spelled out exactly when the protocol pattern is /^https?$/.
function protocolPattern(protocols) {
  const sorted = [...protocols].sort();
  if (sorted.join() === "http,https") return "/^https?$/";
  return `/^(?:${sorted.join("|")})$/`;
}

const target = {
  string: () => "z.string()",
  unknown: () => "z.unknown()",
  openEnum: (name) => {
    enums.add(name);
    return `${lowerFirst(name)}Schema`;
  },
  minLength: (length) => `z.string().check(z.minLength(${length}, ${helper("minLengthMessage")}(${length})))`,
  url: (protocols) =>
    protocols
      ? `z.url({ protocol: ${protocolPattern(protocols)}, error: ${helper("urlError")}(${JSON.stringify(protocols)}) })`
      : `z.url({ error: ${helper("urlError")}() })`,
  number: () => "z.number()",
  integer: (minimum) => (minimum === undefined ? "z.int()" : `z.int().check(z.minimum(${minimum}))`),
  nullable: (code) => `z.nullable(${code})`,
  optional: (code) => `z.optional(${code})`,
  record: () => "z.record(z.string(), z.unknown())",
  object: (fields, keep, depth) => `z.${keep ? "looseObject" : "object"}(${objectLiteral(fields, depth)})`,
  sameValue: ([first, second], code) => {
    const both = `value.${first} === undefined || value.${second} === undefined`;
    return `${code}.check(
  z.refine((value) => ${both} || ${helper("sameJson")}(value.${first}, value.${second}), {
    path: [${JSON.stringify(second)}],
    message: ${helper("differentValuesMessage")}(${JSON.stringify(first)}, ${JSON.stringify(second)}),
  }),
)`;
  },
};

// The component's description (or a line naming it) as the schema's TSDoc.
function doc(schema, unknownFields) {
  const description = components[schema].description?.trim().replace(/\s+/g, " ");
  const fields =
    unknownFields === "keep" ? "Fields it does not name are kept." : "Fields it does not name are dropped.";
  const lines = [`The ${schema} object (components.schemas.${schema}). ${fields}`];
  if (description) lines.push("", ...wrap(description));
  return `/**\n${lines.map((line) => ` *${line ? ` ${line}` : ""}`).join("\n")}\n */`;
}

function wrap(text, width = 104) {
  const lines = [""];
  for (const word of text.split(" ")) {
    const last = lines.length - 1;
    if (lines[last] && lines[last].length + word.length + 1 > width) lines.push(word);
    else lines[last] = lines[last] ? `${lines[last]} ${word}` : word;
  }
  return lines;
}

const schemas = Object.entries(SCHEMAS).map(
  ([schema, { zod, unknownFields }]) =>
    `${doc(schema, unknownFields)}\nexport const ${zod} = ${walk(target, components[schema], schema, unknownFields)};`,
);
// An open enum accepts any string; the cast only narrows the inferred type (pinned to the generated
// enum by schemas.test-d.ts), so a value added server-side never breaks parsing.
const enumSchemas = [...enums].map(
  (name) =>
    `const ${lowerFirst(name)}Schema = z.string() as unknown as z.ZodMiniType<${OPEN_ENUMS[name].type}>;`,
);
write(
  "../src/generated/zod.ts",
  `${HEADER}
import * as z from "zod/mini";
${typeImports([...enums].map((name) => [OPEN_ENUMS[name].type, OPEN_ENUMS[name].module])).join("\n")}
import { ${[...helpers].sort().join(", ")} } from "../validation/checks";

// Any string is accepted for an open enum (x-open-enum), so a value added server-side never breaks
// parsing; the cast only narrows the inferred type, which schemas.test-d.ts pins to the generated enum.
${enumSchemas.join("\n")}

${schemas.join("\n\n")}
`,
);
