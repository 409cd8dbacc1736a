// Edge runtimes have no `process`; reading through globalThis keeps core importable everywhere.
/** The environment variable `name`, or undefined where the runtime has no `process.env`. */
export function readEnv(name: string): string | undefined {
  let value: string | undefined;
  try {
    value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
  } catch {
    // Deno without --allow-env throws NotCapable on any read: treat it as unset, so explicit options still work.
    return undefined;
  }
  return value === undefined || value === "" ? undefined : value;
}
