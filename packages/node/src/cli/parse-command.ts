import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "./io";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Flags every command takes. */
export const COMMON_OPTIONS = {
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies Options;

/** Flags of the commands that call the API. */
export const API_OPTIONS = {
  "base-url": { type: "string" },
} as const satisfies Options;

/** `--bulk`, for `get` and `wait`: the id is a bulk run's, so the runs endpoint is not asked first. */
export const BULK_OPTION = {
  bulk: { type: "boolean" },
} as const satisfies Options;

/** node:util parseArgs, strict, with its errors turned into UsageErrors (exit 2). */
export function parseCommand<const O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Reads `--timeout <seconds>` into milliseconds. */
export function parseSeconds(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (value.trim() === "" || !Number.isFinite(seconds) || seconds < 0) {
    throw new UsageError(`${flag} must be a number of seconds >= 0, received ${JSON.stringify(value)}`);
  }
  return seconds * 1000;
}
