import type { ExitCode } from "./exit-codes";
import type { CliIo } from "./io";

/** One `leap-workflows <name>` command. */
export interface Command {
  name: string;
  summary: string;
  help: string;
  /** Parses its own arguments and runs; errors are reported by the caller. */
  run(args: string[], io: CliIo, state: { json: boolean }): Promise<ExitCode>;
}

export const ENVIRONMENT_HELP = `Environment:
  LEAP_API_KEY    your API key (required)
  LEAP_BASE_URL   the API's base URL (default https://api.workflows.tryleap.ai; --base-url wins)`;
