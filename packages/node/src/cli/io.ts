import {
  ConfigurationError,
  LeapError,
  ValidationError,
  WebhookVerificationError,
} from "@leap-workflows/core";
import { escapeControl, toTerminalJson } from "./escape";
import { EXIT, type ExitCode } from "./exit-codes";

/** What a command needs from the process; tests and the bin pass their own. */
export interface CliIo {
  env: Record<string, string | undefined>;
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** A bad command line: exits 2 after printing the message and a pointer to `--help`. */
export class UsageError extends LeapError {
  static override readonly kind = "UsageError";
}

/** Prints an error (as JSON on stdout with `--json`, always readable on stderr) and picks the exit code. */
export function reportError(io: CliIo, error: unknown, json: boolean, command: string): ExitCode {
  const code: ExitCode =
    UsageError.isInstance(error) || ValidationError.isInstance(error) || ConfigurationError.isInstance(error)
      ? EXIT.usage
      : WebhookVerificationError.isInstance(error)
        ? EXIT.verification
        : EXIT.api;
  const type = error instanceof Error ? error.name : "Error";
  const message = error instanceof Error ? error.message : String(error);
  if (json) {
    const reason = WebhookVerificationError.isInstance(error) ? { reason: error.reason } : {};
    io.stdout.write(`${toTerminalJson({ error: { type, message, ...reason } })}\n`);
  }
  const hint = code === EXIT.usage ? `\nRun \`leap-workflows ${command} --help\` for usage.` : "";
  // Messages quote API error messages and file contents: escaped, so they cannot drive the terminal.
  io.stderr.write(`leap-workflows: ${escapeControl(message)}${hint}\n`);
  return code;
}

/** Reads a whole stream (stdin) as bytes. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}
