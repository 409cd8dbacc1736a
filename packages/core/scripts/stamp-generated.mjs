// Prepends the "do not edit" header to openapi-typescript's output (path as argv[2], default
// src/generated/openapi.ts), so the file says where it comes from and how to regenerate it.
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

const path = process.argv[2]
  ? resolve(process.argv[2])
  : new URL("../src/generated/openapi.ts", import.meta.url);
const header =
  "/**\n * GENERATED FILE: do not edit. Run `pnpm generate` after changing openapi/workflows.yaml.\n */\n\n";
const body = readFileSync(path, "utf8").replace(/^\/\*\*[\s\S]*?\*\/\n\n/, "");
writeFileSync(path, header + body);
