#!/usr/bin/env node
// Type tests must be able to fail. A `.test.ts` whose only checks are expectTypeOf/assertType passes at run time
// whatever the types say (only vitest's typecheck mode turns them into failures), so such a file must be a
// `.test-d.ts`; and every package with `.test-d.ts` files must turn vitest's typecheck on for them.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = resolve(process.argv[2] ?? ".");
const SKIP = new Set(["node_modules", "dist", ".turbo", ".data", ".git"]);

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

/** The package folder (nearest package.json) of `file`. */
function packageOf(file) {
  for (let dir = dirname(file); dir.startsWith(root); dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
  }
  return root;
}

const problems = [];
const typeTestFolders = new Map();
for (const file of files(root)) {
  const name = relative(root, file);
  if (file.endsWith(".test-d.ts")) {
    const pkg = packageOf(file);
    const folder = relative(pkg, file).split("/")[0];
    typeTestFolders.set(pkg, new Set([...(typeTestFolders.get(pkg) ?? []), folder]));
  } else if (/\.test\.[cm]?tsx?$/.test(file)) {
    const text = readFileSync(file, "utf8");
    if (/\b(expectTypeOf|assertType)\b/.test(text) && !/\bexpect\s*[(.]/.test(text)) {
      problems.push(
        `${name}: only type assertions, which pass at run time whatever the types; name it .test-d.ts`,
      );
    }
  }
}
for (const [pkg, folders] of typeTestFolders) {
  const configFile = join(pkg, "vitest.config.ts");
  const config = existsSync(configFile) ? readFileSync(configFile, "utf8") : "";
  for (const folder of folders) {
    const on = new RegExp(`typecheck:\\s*\\{[^}]*include:\\s*\\[[^\\]]*"${folder}/\\*\\*/\\*\\.test-d\\.ts"`);
    if (!on.test(config)) {
      problems.push(
        `${relative(root, configFile) || "vitest.config.ts"}: ${folder}/**/*.test-d.ts exist but typecheck does not include them`,
      );
    }
  }
}

if (problems.length > 0) {
  console.error(`Type tests that cannot fail:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log("check-type-tests: every type test runs under vitest's typecheck");
