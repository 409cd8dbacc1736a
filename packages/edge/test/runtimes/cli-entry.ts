import { smoke } from "./smoke";

// Deno and Bun: settings come as NAME=value arguments (so Deno can run without --allow-env), else from the
// environment; the result goes to stdout as JSON.
const runtime = globalThis as {
  Deno?: { args: string[]; env: { get(name: string): string | undefined } };
  process?: { argv: string[]; env: Record<string, string | undefined> };
};
const args = runtime.Deno?.args ?? runtime.process?.argv.slice(2) ?? [];
const read = (name: string): string =>
  args.find((arg) => arg.startsWith(`${name}=`))?.slice(name.length + 1) ??
  runtime.Deno?.env.get(name) ??
  runtime.process?.env[name] ??
  "";

const result = await smoke({
  DEV_URL: read("DEV_URL"),
  API_KEY: read("API_KEY"),
  SECRET: read("SECRET"),
  HOSTILE_URL: read("HOSTILE_URL"),
});
console.log(JSON.stringify(result));
