import type { Workflows } from "../workflows";
import type { CliIo } from "./io";

/** The client from LEAP_API_KEY and `--base-url` or LEAP_BASE_URL; a missing key is a ConfigurationError (exit 2). */
export async function createClient(io: CliIo, baseUrl: string | undefined): Promise<Workflows> {
  // Loaded on demand: undici is most of the CLI's start-up time, and `verify` and `--help` never need it.
  const { Workflows } = await import("../workflows");
  // Only the environment carries the key: a key on the command line would show in `ps` and shell history.
  return new Workflows({ apiKey: io.env.LEAP_API_KEY, baseUrl: baseUrl ?? io.env.LEAP_BASE_URL });
}
