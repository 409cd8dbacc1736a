#!/usr/bin/env node
// Fails when a file imports another workspace package by relative path ("../../core/test/x"). Turbo hashes a
// task from its own package's files and its declared dependencies only, so such an import is invisible to it:
// editing the imported file replays a cached green. Import the other package by name (declared in package.json).
// Biome's noRestrictedImports matches specifier patterns, not "resolves outside this package", hence a script.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

const root = resolve(process.argv[2] ?? ".");
const SKIP = new Set(["node_modules", "dist", ".turbo", ".data", ".git"]);
const SOURCE = /\.(?:[cm]?[jt]sx?)$/;
// import x from "…", import "…", export … from "…", import("…"), require("…"), vi.mock("…")
const SPECIFIER =
  /(?:\bfrom\s*|\bimport\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bvi\.mock\s*\(\s*)["'](\.{1,2}\/[^"']*)["']/g;

/** The workspace's package folders, from pnpm-workspace.yaml's `packages:` globs (`dir/*` or `dir`). */
function packageDirs() {
  const yaml = readFileSync(join(root, "pnpm-workspace.yaml"), "utf8");
  const block = yaml.match(/^packages:\n((?:[ \t]+-.*\n?)+)/m)?.[1] ?? "";
  const patterns = [...block.matchAll(/^\s+-\s+["']?([^"'\s]+)/gm)].map((m) => m[1]);
  return patterns
    .flatMap((pattern) => {
      if (!pattern.endsWith("/*")) return [join(root, pattern)];
      const parent = join(root, pattern.slice(0, -2));
      return existsSync(parent) ? readdirSync(parent).map((name) => join(parent, name)) : [];
    })
    .filter((dir) => existsSync(join(dir, "package.json")));
}

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (SOURCE.test(entry.name)) yield path;
  }
}

const offences = [];
for (const dir of packageDirs()) {
  for (const file of sourceFiles(dir)) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(SPECIFIER)) {
      const target = resolve(dirname(file), match[1]);
      if (target === dir || target.startsWith(dir + sep)) continue;
      const line = text.slice(0, match.index).split("\n").length;
      offences.push(`${relative(root, file)}:${line} imports "${match[1]}", outside ${relative(root, dir)}`);
    }
  }
}

if (offences.length > 0) {
  console.error(
    `${offences.length} import(s) leave their package by a relative path; Turbo cannot see them. Import the ` +
      `package by name and declare it in package.json (shared test helpers: @leap-workflows/test-kit):\n  ` +
      offences.join("\n  "),
  );
  process.exit(1);
}
console.log("check-imports: no import leaves its package by a relative path");
