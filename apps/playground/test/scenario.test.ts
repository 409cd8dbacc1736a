import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, test } from "vitest";

// The same command as `pnpm playground --scenario`, on the built playground.
test("the scripted scenario passes and prints its transcript", async () => {
  const main = fileURLToPath(new URL("../dist/main.js", import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, [main, "--scenario"], { timeout: 60_000 });
  expect(stdout).toMatch(/webhook {5}node receiver verified msg_/);
  expect(stdout).toMatch(/webhook {5}edge receiver verified msg_/);
  expect(stdout.match(/rejected by node and edge/g)).toHaveLength(3);
  expect(stdout).toMatch(/bulk run {4}bkr_\w+ completed: 3 rows/);
  expect(stdout.trim().split("\n").at(-1)).toBe("scenario    passed");
});
