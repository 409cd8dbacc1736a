import { VERSION } from "@leap-workflows/core/internal";
import type { Command } from "./command";
import { EXIT, type ExitCode } from "./exit-codes";
import { getCommand } from "./get-command";
import { type CliIo, reportError } from "./io";
import { runCommand } from "./run-command";
import { verifyCommand } from "./verify-command";
import { waitCommand } from "./wait-command";

const COMMANDS: Command[] = [runCommand, getCommand, waitCommand, verifyCommand];

const HELP = `Usage: leap-workflows <command> [options]

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(8)}${command.summary}`).join("\n")}

Run \`leap-workflows <command> --help\` for a command's options.
Exit codes: 0 success, 1 run failed, 2 usage error, 3 API or network error, 4 webhook verification failed.
Environment: LEAP_API_KEY, LEAP_BASE_URL, LEAP_WEBHOOK_SECRET (verify).`;

/** Runs the CLI with `args` (no node/script prefix) and resolves with the exit code. */
export async function runCli(args: string[], io: CliIo): Promise<ExitCode> {
  const [name, ...rest] = args;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" ? COMMANDS.find((command) => command.name === rest[0]) : undefined;
    (name === undefined ? io.stderr : io.stdout).write(`${topic ? topic.help : HELP}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === "--version" || name === "-v") {
    io.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr.write(`leap-workflows: unknown command ${JSON.stringify(name)}\n\n${HELP}\n`);
    return EXIT.usage;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(`${command.help}\n`);
    return EXIT.ok;
  }
  const state = { json: rest.includes("--json") };
  try {
    return await command.run(rest, io, state);
  } catch (error) {
    return reportError(io, error, state.json, command.name);
  }
}
