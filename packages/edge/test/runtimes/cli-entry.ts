import { smoke } from "./smoke";

// Deno and Bun: the environment comes from Deno.env or process.env, the result goes to stdout as JSON.
const read = (name: string): string =>
  (globalThis as { Deno?: { env: { get(name: string): string | undefined } } }).Deno?.env.get(name) ??
  (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env[name] ??
  "";

const result = await smoke({ DEV_URL: read("DEV_URL"), API_KEY: read("API_KEY"), SECRET: read("SECRET") });
console.log(JSON.stringify(result));
