import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

// What a consumer's bundler sees: the package under node_modules, resolved through `exports` (needs `build` first,
// which the turbo `test` task runs).
const packageDir = fileURLToPath(new URL("..", import.meta.url));
const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
const rootExport: Record<string, Record<string, string>> = manifest.exports["."];
const EDGE_CONDITIONS = ["workerd", "edge-light", "worker", "browser"];

let app: string;
beforeAll(() => {
  app = mkdtempSync(join(tmpdir(), "leap-edge-consumer-"));
  mkdirSync(join(app, "node_modules", "@leap-workflows"), { recursive: true });
  symlinkSync(packageDir, join(app, "node_modules", "@leap-workflows", "edge"), "dir");
  writeFileSync(join(app, "esm.js"), 'export { Workflows, verifyWebhook } from "@leap-workflows/edge";\n');
  writeFileSync(join(app, "cjs.js"), 'module.exports = require("@leap-workflows/edge");\n');
});
afterAll(() => rmSync(app, { recursive: true, force: true }));

/** The package file esbuild picked for `@leap-workflows/edge` with `conditions`. */
async function resolvedFile(entry: string, conditions: string[], platform: "browser" | "neutral" | "node") {
  const result = await build({
    entryPoints: [join(app, entry)],
    bundle: true,
    write: false,
    metafile: true,
    format: "esm",
    platform,
    conditions,
    logLevel: "silent",
  });
  const inputs = Object.keys(result.metafile.inputs).map((input) =>
    relative(packageDir, join(process.cwd(), input)),
  );
  return inputs.find((input) => input.startsWith("dist/"));
}

describe("package.json exports", () => {
  test("lists the edge conditions before import/require/default, each with its types first", () => {
    const keys = Object.keys(rootExport);
    expect(keys).toEqual([...EDGE_CONDITIONS, "import", "require", "default"]);
    for (const [condition, target] of Object.entries(rootExport)) {
      expect(Object.keys(target), condition).toEqual(["types", "default"]);
      for (const file of Object.values(target)) expect(existsSync(join(packageDir, file)), file).toBe(true);
    }
    expect(rootExport.require?.types).toMatch(/\.d\.cts$/);
  });

  test.each(EDGE_CONDITIONS)("a bundler targeting %s resolves the ESM build", async (condition) => {
    expect(await resolvedFile("esm.js", [condition], "browser")).toBe("dist/index.js");
  });

  test("a bundler with no matching condition falls back to `default`, require() to the CJS build", async () => {
    expect(await resolvedFile("esm.js", [], "neutral")).toBe("dist/index.js");
    expect(await resolvedFile("cjs.js", [], "node")).toBe("dist/index.cjs");
  });
});
