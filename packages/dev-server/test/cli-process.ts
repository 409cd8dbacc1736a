import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

/** A started CLI: its process, its URL, and everything it printed so far. */
export interface CliProcess {
  child: ChildProcess;
  url: string;
  stdout(): string;
  stderr(): string;
}

/**
 * Starts the built CLI on a free port and resolves once it printed its start line. Every child is
 * recorded in `children`, for the test file's afterEach to SIGKILL.
 */
export async function startCli(args: string[], children: ChildProcess[]): Promise<CliProcess> {
  const child = spawn(process.execPath, [cli, "--port", "0", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", () => {
      const match = /listening on (http:\/\/[^\s"]+)|"url":"(http:\/\/[^"]+)"/.exec(stdout);
      const found = match?.[1] ?? match?.[2];
      if (found) resolve(found);
    });
    child.once("exit", (code) => reject(new Error(`the dev server exited with ${code}: ${stdout}${stderr}`)));
  });
  return { child, url, stdout: () => stdout, stderr: () => stderr };
}

/** Resolves with the exit code once the process has exited. */
export const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });
