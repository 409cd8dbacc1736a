import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach } from "vitest";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes `files` into a throwaway folder and runs one of test-kit's lint scripts over it: its exit code and output. */
export async function runChecker(
  scriptName: string,
  files: Record<string, string>,
): Promise<{ code: number; output: string }> {
  const script = fileURLToPath(new URL(`../scripts/${scriptName}`, import.meta.url));
  const root = mkdtempSync(join(tmpdir(), "checker-"));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [script, root]);
    return { code: 0, output: stdout };
  } catch (error) {
    const failure = error as { code: number; stderr: string };
    return { code: failure.code, output: failure.stderr };
  }
}
