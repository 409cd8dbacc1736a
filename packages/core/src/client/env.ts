// Edge runtimes have no `process`; reading through globalThis keeps core importable everywhere.
/** The environment variable `name`, or undefined where the runtime has no `process.env`. */
export function readEnv(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.[name];
  return value === undefined || value === "" ? undefined : value;
}
