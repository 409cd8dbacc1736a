// Prepends the "do not edit" header to openapi-typescript's output, so the file says where it comes from.
import { readFileSync, writeFileSync } from "node:fs";

const path = new URL("../src/generated/openapi.ts", import.meta.url);
const header =
  "/**\n * GENERATED FILE: do not edit. Run `pnpm generate` after changing openapi/workflows.yaml.\n */\n\n";
const body = readFileSync(path, "utf8").replace(/^\/\*\*[\s\S]*?\*\/\n\n/, "");
writeFileSync(path, header + body);
