import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** A receiver child process (a store's receiver-process.mjs) and where it listens. */
export interface Receiver {
  url: string;
  logFile: string;
  child: ChildProcess;
  /** Resolves with the first stdout line matching `pattern`. */
  waitFor(pattern: RegExp): Promise<string>;
}

/** What each receiver of the many-receivers proof is told, whatever its store. */
export interface ReceiverSettings {
  secret: string;
  logFile: string;
  /** The claim TTL, for an instance whose claim must expire soon after it is killed. */
  claimTtlSeconds?: number;
  /** The webhook id whose onRun hangs (until the test kills the process). */
  hangId?: string;
  /** The webhook id whose onRun throws. */
  failId?: string;
}

/**
 * Starts `script` (a store's receiver-process.mjs, which reads its store from `storeEnv`) and resolves once
 * it listens.
 */
export async function startReceiver(
  script: URL,
  storeEnv: Record<string, string>,
  settings: ReceiverSettings,
): Promise<Receiver> {
  const child = spawn(process.execPath, [fileURLToPath(script)], {
    env: {
      ...process.env,
      ...storeEnv,
      LEAP_WEBHOOK_SECRET: settings.secret,
      LOG_FILE: settings.logFile,
      CLAIM_TTL_SECONDS: settings.claimTtlSeconds === undefined ? "" : String(settings.claimTtlSeconds),
      HANG_ID: settings.hangId ?? "",
      FAIL_ID: settings.failId ?? "",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let seen = "";
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  child.stdout?.on("data", (chunk) => {
    seen += chunk;
    for (const waiter of [...waiters]) {
      const match = seen.match(waiter.pattern);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match[0]);
      }
    }
  });
  const waitFor = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const match = seen.match(pattern);
      if (match) return resolve(match[0]);
      waiters.push({ pattern, resolve });
      child.once("exit", (code) =>
        reject(new Error(`receiver exited (${code}) before ${pattern}:\n${seen}`)),
      );
    });
  const line = await waitFor(/listening on (http:\/\/\S+)\n/);
  const url = line.replace("listening on ", "").trim();
  return { url, logFile: settings.logFile, child, waitFor };
}

export async function stopReceiver(receiver: Receiver, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (receiver.child.exitCode !== null || receiver.child.signalCode !== null) return;
  const exited = new Promise((resolve) => receiver.child.once("exit", resolve));
  receiver.child.kill(signal);
  await exited;
}

/** How many times each webhook id's onRun started and finished, over all the given log files. */
export function countOnRuns(logFiles: string[]): { starts: Map<string, number>; dones: Map<string, number> } {
  const starts = new Map<string, number>();
  const dones = new Map<string, number>();
  for (const file of logFiles) {
    let text = "";
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue; // a receiver that never ran onRun wrote no file
    }
    for (const line of text.split("\n")) {
      const [kind, id] = line.split(" ");
      if (id === undefined) continue;
      const counts = kind === "start" ? starts : dones;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  return { starts, dones };
}
