import type { EventLog, StampedEvent } from "./event-log";

/** Where the lines go: process.stdout, or anything with `write` (tests). */
export interface LineSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

const isFinal = (status: string) => status !== "queued" && status !== "running";

const paint = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const COLORS = { dim: paint(2, 22), red: paint(31, 39), green: paint(32, 39), yellow: paint(33, 39) };
const plain = (text: string) => text;
const NO_COLORS = { dim: plain, red: plain, green: plain, yellow: plain };

/** " in 3 ms", " in 1.52 s": how long a run ran. */
function took(from: string | null, to: string | null): string {
  if (!from || !to) return "";
  const ms = Date.parse(to) - Date.parse(from);
  return ms < 1000 ? ` in ${ms} ms` : ` in ${(ms / 1000).toFixed(2)} s`;
}

/**
 * Prints one line per run and bulk run created, per run and bulk run finished, and per webhook attempt, as
 * the dev server's console logger does for its own events: what happens on the page shows in the terminal.
 */
export function printEvents(log: EventLog, sink: LineSink = process.stdout): () => void {
  const colors = sink.isTTY === true && !process.env.NO_COLOR ? COLORS : NO_COLORS;
  const created = new Set<string>();
  const finished = new Set<string>();
  const line = (event: StampedEvent, kind: string, text: string) =>
    sink.write(`${colors.dim(new Date(event.at).toTimeString().slice(0, 8))} ${kind.padEnd(7)} ${text}\n`);
  const outcome = (status: string) => (status === "completed" ? colors.green : colors.red)(status);

  return log.subscribe((event) => {
    if (event.type === "run" || event.type === "bulk") {
      const kind = event.type === "run" ? "run" : "bulk";
      const subject = event.type === "run" ? event.run : event.bulk;
      const row = event.type === "run" && event.run.bulk_run_id ? ` (row of ${event.run.bulk_run_id})` : "";
      if (!created.has(subject.id)) {
        created.add(subject.id);
        line(event, kind, `${subject.id} ${subject.workflow_id} created${row}`);
      }
      if (!isFinal(subject.status) || finished.has(subject.id)) return;
      finished.add(subject.id);
      const detail =
        event.type === "run"
          ? `${took(event.run.started_at ?? event.run.created_at, event.run.ended_at)}${event.run.error ? `: ${event.run.error}` : ""}`
          : event.rows.failed > 0
            ? ` · ${colors.yellow(`${event.rows.failed} of ${event.rows.total ?? "?"} rows failed`)}`
            : event.bulk.error
              ? `: ${event.bulk.error}`
              : ` · ${event.rows.completed} rows`;
      line(event, kind, `${subject.id} ${outcome(subject.status)}${detail}`);
    } else if (event.type === "attempt") {
      const answer = (event.answer >= 200 && event.answer < 300 ? colors.green : colors.red)(
        String(event.answer),
      );
      const why = event.outage
        ? " (receivers down, simulated), retrying"
        : event.answer >= 300 || event.answer < 200
          ? ", retrying"
          : "";
      line(event, "webhook", `${event.subjectId} attempt ${event.attempt} answered ${answer}${why}`);
    }
  });
}
