#!/usr/bin/env node
// Type tests must be able to fail. A `.test.ts` whose only checks are expectTypeOf/assertType passes at run time
// whatever the types say, so such a file must be a `.test-d.ts`; and a `.test-d.ts` fails only where the compiler
// reads it: its package's `typecheck` script (tsc, run by `pnpm test`) must compile it, through tsconfig.json's
// `include`. (vitest's own typecheck mode would run a second tsc over the same program.)
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
  const where = relative(root, pkg) || ".";
  const readJson = (file) =>
    existsSync(join(pkg, file)) ? JSON.parse(readFileSync(join(pkg, file), "utf8")) : {};
  if (!/\btsc\b/.test(readJson("package.json").scripts?.typecheck ?? "")) {
    problems.push(`${where}/package.json: has .test-d.ts files but no "typecheck" script running tsc`);
  }
  const include = readJson("tsconfig.json").include ?? [];
  for (const folder of folders) {
    if (!include.some((entry) => entry === folder || entry === `${folder}/**/*` || entry === ".")) {
      problems.push(
        `${where}/tsconfig.json: ${folder}/**/*.test-d.ts exist but "include" does not name ${folder}`,
      );
    }
  }
}

if (problems.length > 0) {
  console.error(`Type tests that cannot fail:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log("check-type-tests: every type test is compiled by its package's typecheck");
