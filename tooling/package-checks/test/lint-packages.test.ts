import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { describe, expect, test } from "vitest";
import { bin, PUBLIC_PACKAGES, packageDir, root } from "./packages";

const run = promisify(execFile);

describe.each(PUBLIC_PACKAGES)("@leap-workflows/%s is published correctly", (name) => {
  const dir = packageDir(name);
  const manifest = JSON.parse(readFileSync(`${dir}/package.json`, "utf8"));

  test("publint reports nothing, suggestions included", async () => {
    const { messages, pkg } = await publint({ pkgDir: dir, level: "suggestion", strict: true });
    expect(messages.map((message) => formatMessage(message, pkg))).toEqual([]);
  });

  test("arethetypeswrong finds no problem under node10, node16 (CJS and ESM) and bundler", async () => {
    const { stdout } = await run(bin("attw"), ["--pack", ".", "--format", "json"], { cwd: dir }).catch(
      (error: { stdout: string }) => error,
    );
    const report = JSON.parse(stdout) as { analysis: { problems: unknown[] } };
    expect(report.analysis.problems).toEqual([]);
  });

  test("the manifest has what users and registries need", () => {
    expect(manifest).toMatchObject({ license: "MIT", engines: { node: expect.any(String) } });
    expect(manifest.repository?.directory).toBe(`packages/${name}`);
    expect(manifest.files).toEqual(expect.arrayContaining(["dist"]));
    expect(Object.keys(manifest.exports["."])[0]).not.toBe("default");
    expect(readFileSync(`${dir}/README.md`, "utf8").length).toBeGreaterThan(200);
  });
});

test("a release would succeed: pnpm publish -r --dry-run", async () => {
  const { stdout, stderr } = await run(bin("pnpm"), ["publish", "-r", "--dry-run", "--no-git-checks"], {
    cwd: root,
  });
  for (const name of PUBLIC_PACKAGES) expect(`${stdout}${stderr}`).toContain(`@leap-workflows/${name}@`);
});
