import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Receiver } from "../redis/receiver-processes";
import type { ClientLibrary } from "./postgres-clients";

const script = fileURLToPath(new URL("./receiver-process.mjs", import.meta.url));

/** Starts receiver-process.mjs on `databaseUrl` with `library`; resolves once it listens. */
export async function startPostgresReceiver(settings: {
  databaseUrl: string;
  secret: string;
  library: ClientLibrary;
  logFile: string;
  claimTtlSeconds?: number;
  hangId?: string;
  failId?: string;
}): Promise<Receiver> {
  const child = spawn(process.execPath, [script], {
    env: {
      ...process.env,
      DATABASE_URL: settings.databaseUrl,
      LEAP_WEBHOOK_SECRET: settings.secret,
      PG_CLIENT: settings.library,
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
  return { url: line.replace("listening on ", "").trim(), logFile: settings.logFile, child, waitFor };
}
