import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { PUBLIC_PACKAGES, root } from "./packages";

const git = (...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8" }).trim();

function pendingChangesets(): string[] {
  return readdirSync(`${root}.changeset`)
    .filter((file) => file.endsWith(".md") && file !== "README.md")
    .map((file) => readFileSync(`${root}.changeset/${file}`, "utf8"));
}

// Shallow or history-less clones cannot say what changed since a release; everything else can.
const hasHistory = (() => {
  try {
    return (
      git("rev-parse", "--is-shallow-repository") === "false" &&
      Number(git("rev-list", "--count", "HEAD")) > 1
    );
  } catch {
    return false;
  }
})();

if (!hasHistory) {
  // Said out loud so a skipped check is never mistaken for a passing one.
  console.warn("changeset coverage skipped: this clone is shallow, so the last version bump is unknown");
}

describe.skipIf(!hasHistory)("every user-facing change has a changeset", () => {
  test.each(PUBLIC_PACKAGES)(
    "@leap-workflows/%s: changes to src since its last version bump are described",
    (name) => {
      // The last commit that set the version is the last release (or the package's creation).
      const released = git(
        "log",
        "-1",
        "--format=%H",
        "-G",
        '"version":',
        "--",
        `packages/${name}/package.json`,
      );
      const changed = git("log", "--format=%h %s", `${released}..HEAD`, "--", `packages/${name}/src`);
      if (changed === "") return;
      const described = pendingChangesets().some((changeset) =>
        changeset.includes(`"@leap-workflows/${name}"`),
      );
      expect(described, `add one with \`pnpm changeset\`; unreleased commits:\n${changed}`).toBe(true);
    },
  );
});

test("changesets are valid: front matter names only public packages with a bump type", () => {
  for (const changeset of pendingChangesets()) {
    const front = /^---\n([\s\S]*?)\n---\n/.exec(changeset)?.[1] ?? "";
    expect(front, changeset).not.toBe("");
    for (const line of front.split("\n")) {
      expect(line).toMatch(/^"@leap-workflows\/(core|node|edge|dev-server)": (patch|minor|major)$/);
    }
  }
});
