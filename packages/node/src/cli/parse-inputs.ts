import { readFile } from "node:fs/promises";
import { UsageError } from "./io";

/**
 * Builds a run's inputs: the `--inputs-file` object first, then each `--input key=value` over it.
 * A value that is valid JSON is parsed (`n=3`, `flag=true`, `tags=["a"]`); anything else is a string,
 * so `name=Ada` needs no quotes and `zip='"01234"'` forces a string.
 */
export async function parseInputs(
  pairs: string[],
  file: string | undefined,
): Promise<Record<string, unknown>> {
  let inputs: Record<string, unknown> = {};
  if (file !== undefined) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      throw new UsageError(
        `--inputs-file: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? error})`,
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new UsageError(`--inputs-file: ${file} is not JSON (${(error as Error).message})`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new UsageError(`--inputs-file: ${file} must hold a JSON object of inputs`);
    }
    inputs = parsed as Record<string, unknown>;
  }
  for (const pair of pairs) {
    const equals = pair.indexOf("=");
    if (equals <= 0) throw new UsageError(`--input expects key=value, received ${JSON.stringify(pair)}`);
    const raw = pair.slice(equals + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // Not JSON: the text itself.
    }
    inputs[pair.slice(0, equals)] = value;
  }
  return inputs;
}
