import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { promisify } from "node:util";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { describe, expect, test } from "vitest";
import { bin, PUBLIC_PACKAGES, packageDir, root } from "./packages";

const run = promisify(execFile);

describe.each(PUBLIC_PACKAGES)("@leap-workflows/%s is published correctly", (name) => {
  const dir = packageDir(name);
  const manifest = JSON.parse(readFileSync(`${dir}/package.json`, "utf8"));

  test("the build is present: every file the manifest points at exists", () => {
    const targets: string[] = [];
    const collect = (node: unknown): void => {
      if (typeof node === "string") targets.push(node);
      else if (typeof node === "object" && node !== null) Object.values(node).forEach(collect);
    };
    collect([manifest.main, manifest.module, manifest.types, manifest.bin, manifest.exports]);
    const missing = targets.filter(
      (target) => target.startsWith("./dist/") && !existsSync(`${dir}/${target}`),
    );
    expect(missing, "run `pnpm build` first").toEqual([]);
  });

  test("publint reports nothing, suggestions included", async () => {
    const { messages, pkg } = await publint({ pkgDir: dir, level: "suggestion", strict: true });
    expect(messages.map((message) => formatMessage(message, pkg))).toEqual([]);
  });

  test("arethetypeswrong finds no problem under node10, node16 (CJS and ESM) and bundler", async () => {
    const { stdout } = await run(bin("attw"), ["--pack", ".", "--format", "json"], { cwd: dir }).catch(
      (error: { stdout: string }) => error,
    );
    // attw groups problems by kind ({} when there are none); a missing field means the analysis itself failed.
    const report = JSON.parse(stdout) as { problems?: Record<string, unknown[]> };
    const problems = report.problems
      ? Object.values(report.problems).flat()
      : [`no analysis: ${stdout.slice(0, 500)}`];
    expect(problems).toEqual([]);
  });

  test("the manifest has what users and registries need", () => {
    expect(manifest).toMatchObject({ license: "MIT", engines: { node: expect.any(String) } });
    expect(manifest.repository?.directory).toBe(`packages/${name}`);
    expect(manifest.sideEffects, "sideEffects: false, or the list of files that have them").toBeDefined();
    expect(readFileSync(`${dir}/README.md`, "utf8").length).toBeGreaterThan(200);
    // Every condition object resolves types before code: "types" first, "default" (if any) last.
    const conditions = (node: unknown, path: string): void => {
      if (typeof node !== "object" || node === null) return;
      const keys = Object.keys(node);
      if (keys.includes("types")) expect(keys[0], `${path}: "types" must come first`).toBe("types");
      if (keys.includes("default")) expect(keys.at(-1), `${path}: "default" must come last`).toBe("default");
      for (const [key, value] of Object.entries(node)) conditions(value, `${path}.${key}`);
    };
    conditions(manifest.exports, "exports");
    for (const condition of ["import", "require"]) {
      expect(JSON.stringify(manifest.exports["."]), `exports["."] has ${condition}`).toContain(
        `"${condition}"`,
      );
    }
  });

  test("the tarball holds only what users need: dist, README, LICENSE, CHANGELOG", async () => {
    const { stdout } = await run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: dir });
    const files: string[] = JSON.parse(stdout)[0].files.map((file: { path: string }) => file.path);
    expect(
      files.filter((file) => !/^(dist\/.+|README\.md|LICENSE|CHANGELOG\.md|package\.json)$/.test(file)),
    ).toEqual([]);
    expect(files).toEqual(
      expect.arrayContaining(["LICENSE", "README.md", "dist/index.js", "dist/index.cjs"]),
    );
    expect(files).toEqual(expect.arrayContaining(["dist/index.d.ts", "dist/index.d.cts"]));
  });
});

test("a release would succeed: pnpm publish -r --dry-run", async () => {
  const { stdout, stderr } = await run(bin("pnpm"), ["publish", "-r", "--dry-run", "--no-git-checks"], {
    cwd: root,
  });
  const output = `${stdout}${stderr}`;
  for (const name of PUBLIC_PACKAGES) expect(output).toContain(`@leap-workflows/${name}@`);
  // Private packages (playground, bench, tooling) never reach the registry.
  const published = new Set(output.match(/@leap-workflows\/[a-z-]+(?=@\d)/g));
  expect([...published].sort()).toEqual(PUBLIC_PACKAGES.map((name) => `@leap-workflows/${name}`).sort());
});
