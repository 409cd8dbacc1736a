import { PassThrough, Readable } from "node:stream";
import { runCli } from "../src/cli/main";

/** What the CLI exited with and wrote. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process (no spawn) against `baseUrl`, capturing stdout and stderr; `stderrIsTTY` fakes a terminal. */
export async function runCliInProcess(
  args: string[],
  options: {
    baseUrl: string;
    stdin?: string;
    env?: Record<string, string | undefined>;
    stderrIsTTY?: boolean;
  },
): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), { isTTY: options.stderrIsTTY ?? false });
  let out = "";
  let err = "";
  stdout.on("data", (chunk) => {
    out += chunk;
  });
  stderr.on("data", (chunk) => {
    err += chunk;
  });
  const code = await runCli(args, {
    env: { LEAP_API_KEY: "leap_dev_key", LEAP_BASE_URL: options.baseUrl, ...options.env },
    stdin: Readable.from(options.stdin ? [Buffer.from(options.stdin)] : []),
    stdout,
    stderr,
  });
  return { code, stdout: out, stderr: err };
}
