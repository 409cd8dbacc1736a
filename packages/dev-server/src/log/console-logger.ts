import type { DevServerLogEvent, DevServerLogger } from "./log-event";

/** Options of `createConsoleLogger`. */
export interface ConsoleLoggerOptions {
  /** "pretty": one short line per event for a person; "json": one JSON object per line for a machine. */
  format: "pretty" | "json";
  /** Where lines go. @default process.stdout */
  stream?:
    | {
        /** Writes one line (with its newline). */
        write(text: string): unknown;
        /** Whether the stream is a terminal (pretty colours). */
        isTTY?: boolean;
      }
    | undefined;
  /** Colour the pretty lines. @default stream.isTTY and no NO_COLOR in the environment */
  color?: boolean | undefined;
  /** The clock, for tests. @default () => new Date() */
  now?: (() => Date) | undefined;
}

const paint = (code: number) => (text: string) => `\u001b[${code}m${text}\u001b[39m`;
const plain = (text: string) => text;
const COLORS = {
  dim: (text: string) => `\u001b[2m${text}\u001b[22m`,
  red: paint(31),
  green: paint(32),
  yellow: paint(33),
  cyan: paint(36),
};
const NO_COLORS = { dim: plain, red: plain, green: plain, yellow: plain, cyan: plain };

const duration = (ms: number): string => (ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`);

/** ` trace <id>` after a line whose event carried a trace, so the line can be found from the trace. */
const traced = (traceId: string | undefined, colors: typeof COLORS): string =>
  traceId ? colors.dim(` trace ${traceId}`) : "";

function pretty(event: DevServerLogEvent, colors: typeof COLORS, now: Date): string {
  const time = colors.dim(now.toTimeString().slice(0, 8));
  const status = (code: number) =>
    (code >= 500 ? colors.red : code >= 400 ? colors.yellow : colors.green)(String(code));
  switch (event.kind) {
    case "request":
      return `${time} ${event.method.padEnd(4)} ${event.path} ${status(event.status)} ${colors.dim(duration(event.durationMs))}${traced(event.traceId, colors)}`;
    case "aborted": {
      const when = event.bodyComplete ? "before the answer" : "mid-body";
      return `${time} ${event.method.padEnd(4)} ${event.path} ${colors.yellow(`client hung up ${when}`)} ${colors.dim(duration(event.durationMs))}`;
    }
    case "delivery": {
      const head = `${time} ${colors.cyan("webhook")} ${event.subjectId} → ${event.url}`;
      const result =
        event.outcome === "delivered"
          ? status(event.statusCode ?? 200)
          : colors.red(event.error ?? `answered ${event.statusCode}`);
      const next =
        event.outcome === "retrying" && event.nextAttemptAt
          ? `, retry in ${Math.max(0, Math.round((Date.parse(event.nextAttemptAt) - now.getTime()) / 1000))} s`
          : event.outcome === "failed"
            ? ", gave up"
            : "";
      return `${head} ${result} ${colors.dim(`attempt ${event.attempt}, ${duration(event.durationMs)}`)}${next}${traced(event.traceId, colors)}`;
    }
    case "error":
      return `${time} ${colors.red("error")} ${event.message}`;
  }
}

function json(event: DevServerLogEvent, now: Date): string {
  const { kind, ...fields } = event;
  const level =
    kind === "error"
      ? "error"
      : kind === "aborted" || (kind === "delivery" && event.outcome !== "delivered")
        ? "warn"
        : "info";
  return JSON.stringify({ time: now.toISOString(), level, event: kind, ...fields });
}

/**
 * A logger writing one line per event: requests (method, path, status, duration) and webhook attempts
 * (run id, receiver URL, status or error, next retry). The CLI uses it; pass one to `createDevServer({ logger })`
 * to see the same in a library setup. Events never carry an API key or the webhook secret.
 */
export function createConsoleLogger(options: ConsoleLoggerOptions): DevServerLogger {
  const stream = options.stream ?? process.stdout;
  const color = options.color ?? (stream.isTTY === true && !process.env.NO_COLOR);
  const colors = color ? COLORS : NO_COLORS;
  const now = options.now ?? (() => new Date());
  return (event) => {
    const line = options.format === "json" ? json(event, now()) : pretty(event, colors, now());
    stream.write(`${line}\n`);
  };
}
