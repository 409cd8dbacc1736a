import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { freePort } from "@leap-workflows/test-kit/free-port";

const PRISM = fileURLToPath(new URL("../node_modules/.bin/prism", import.meta.url));

/** The project's OpenAPI document and the copy of Leap's published schema. */
export const PROJECT_DOCUMENT = fileURLToPath(
  new URL("../../../packages/core/openapi/workflows.yaml", import.meta.url),
);
export const LEAP_DOCUMENT = fileURLToPath(new URL("../leap/leap-published-openapi.json", import.meta.url));

/** A running Prism. */
export interface Prism {
  url: string;
  /** What Prism printed, for a failing test's message. */
  log: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts `prism <args> -h 127.0.0.1 -p <free port>` and resolves once it answers HTTP. Prism starts slowly
 * on a loaded machine, so the deadline is generous; start it once per test file.
 */
export async function startPrism(args: string[], deadlineMs = 60_000): Promise<Prism> {
  // Prism takes no port 0: a free one is chosen, then handed over (a tiny race, accepted).
  const port = await freePort();
  const child: ChildProcess = spawn(PRISM, [...args, "-h", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    // Only the start of the log matters for a failure to start; later lines are dropped.
    if (output.length < 200_000) output += chunk.toString();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prism exited (${child.exitCode}):\n${output}`);
    if (/Prism is listening/.test(output)) {
      try {
        await fetch(`${url}/`, { signal: AbortSignal.timeout(5_000) });
        return { url, log: () => output, stop };
      } catch {
        // not answering yet
      }
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prism did not start within ${deadlineMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
