import { readEnv } from "./env";

/** Where the client reports what it does. Any object with these methods works, `console` included. */
export interface Logger {
  /** One line per attempt, retry decision and delay. */
  debug(message: string, data?: Record<string, unknown>): void;
  /** Something the caller should know about, such as a deprecated field. */
  warn(message: string, data?: Record<string, unknown>): void;
}

const silent: Logger = { debug() {}, warn() {} };

/** True for the logger used when none is configured, so hot paths can skip building log data. */
export const isSilentLogger = (logger: Logger): boolean => logger === silent;

/** `LEAP_LOG=debug` logs every attempt to the console; otherwise nothing unless a logger is given. */
export function resolveLogger(logger: Logger | undefined): Logger {
  if (logger) return logger;
  return readEnv("LEAP_LOG") === "debug"
    ? {
        debug: (m, d) => console.debug(`[leap] ${m}`, d ?? ""),
        warn: (m, d) => console.warn(`[leap] ${m}`, d ?? ""),
      }
    : silent;
}
