import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

// The same steps as `pnpm generate`, into a temp file, so a stale src/generated fails here.
test("src/generated/openapi.ts is what openapi/workflows.yaml generates", () => {
  const output = join(mkdtempSync(join(tmpdir(), "leap-generate-")), "openapi.ts");
  const bin = join(packageDir, "node_modules/.bin/openapi-typescript");
  execFileSync(bin, ["openapi/workflows.yaml", "-o", output], { cwd: packageDir, stdio: "pipe" });
  execFileSync(process.execPath, ["scripts/stamp-generated.mjs", output], { cwd: packageDir });
  const committed = readFileSync(join(packageDir, "src/generated/openapi.ts"), "utf8");
  expect(readFileSync(output, "utf8"), "run `pnpm generate` and commit src/generated").toBe(committed);
}, 60_000);

// The checks the client (and the dev server) run, the zod schemas users import, and the stored fields.
for (const [file, script] of [
  ["validators.ts", "scripts/generate-validators.mjs"],
  ["zod.ts", "scripts/generate-zod.mjs"],
  ["fields.ts", "scripts/generate-fields.mjs"],
] as const) {
  test(`src/generated/${file} is what openapi/workflows.yaml generates`, () => {
    const output = join(mkdtempSync(join(tmpdir(), "leap-generate-")), file);
    execFileSync(process.execPath, [script, output], { cwd: packageDir });
    const committed = readFileSync(join(packageDir, "src/generated", file), "utf8");
    expect(readFileSync(output, "utf8"), "run `pnpm generate` and commit src/generated").toBe(committed);
  });
}
